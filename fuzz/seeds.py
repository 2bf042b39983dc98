"""Writes the seed corpus of the fuzz targets (fuzz/corpus/<target>/) from the site's own
pages and the test fixtures, plus a few hand-made inputs for the classes of issue 13.

Run from the repository root: python3 fuzz/seeds.py
"""
import glob
import hashlib
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
TARGETS = ["front_matter_toml", "front_matter_yaml", "markdown", "config", "site"]


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name.replace("/", "_")), "wb") as f:
        f.write(data)


def pages():
    seen = set()
    paths = sorted(glob.glob(f"{ROOT}/content/**/*.md", recursive=True))
    paths += sorted(glob.glob(f"{ROOT}/tests/fixtures/**/*.md", recursive=True))
    for p in paths:
        text = open(p, encoding="utf-8").read()
        rel = os.path.relpath(p, ROOT)
        for fence, target in (("+++", "front_matter_toml"), ("---", "front_matter_yaml")):
            if not text.startswith(fence + "\n"):
                continue
            end = text.find("\n" + fence + "\n", 4)
            if end < 0:
                continue
            front, body = text[4:end], text[end + 5:]
            for t, part in ((target, front), ("markdown", body)):
                h = hashlib.sha1(part.encode()).hexdigest()[:8]
                if (t, h) not in seen and len(part.encode()) <= 20000:
                    seen.add((t, h))
                    put(t, f"{rel}.{h}", part)


def hand_made():
    put("front_matter_toml", "slugs",
        'title = "A"\nslug = "../x"\naliases = ["/", "//a//", "/a/./b/index.html", "/A/"]\n'
        '[extra]\na = [[1], {b = 2}]\n')
    put("front_matter_toml", "event",
        'title = "S"\ndate = 2026-12-03T18:00\n[event]\nstart = 2026-12-03T18:00\n'
        'end = 2026-12-03T19:00\n[event.location]\nvenue = "Hall"\naddress = "1 Main St"\n')
    put("front_matter_yaml", "slugs",
        "title: A\nslug: /tmp/x\naliases:\n  - /old/\n  - ../up\nextra:\n  a: [1, {b: 2}]\n")
    put("front_matter_yaml", "anchors",
        "title: &t A\ndescription: *t\nextra:\n  a: &x [1, 2]\n  b: *x\n")
    put("markdown", "mix", """## Heading {#id .class}

Text with a [link](@/other.md#a-heading), a [bad one](@/nope.md), [here](#x), ![](a.png),
![An image](b.png "decorative").

| a | b |
|---|:-:|
| 1 | 2 |

Table: A caption.

| x |
|---|
| y |

> **Recommendation:** Do the thing.

Note[^1].

[^1]: The note.

<div class="x"><img src="https://other.example/a.png"><a href="javascript:x">click here</a></div>

<table><tr><td>no header</td></tr></table>

```
<div><div>
```

## Same

## Same

THIS IS A VERY LONG SHOUTED SENTENCE HERE.
""")
    put("markdown", "nul_bidi", "Text\0with NUL and \u202e reversed.\n\n<p a=1 b c=\"d\">x</p>\n")
    put("site", "odd_names",
        '-- content/CON.md --\n+++\ntitle = "c"\n+++\n'
        '-- content/a:b.md --\n+++\ntitle = "d"\nslug = "../../x"\n+++\n'
        '-- static/\u202etxt.exe --\nx\n'
        '-- config --\n[extra]\nquick_exit_url = "https://weather.example"\n')


def configs():
    paths = [f"{ROOT}/config.toml"] + sorted(glob.glob(f"{ROOT}/tests/fixtures/*/config.toml"))
    for p in paths:
        put("config", os.path.relpath(p, ROOT), open(p, encoding="utf-8").read())


def sites():
    """Fixture sites as archives for the `site` target (see fuzz_targets/site.rs)."""
    for fixture in ["basic", "sessions-basic", "resources-valid", "publication-small", "i18n-site"]:
        base = f"{ROOT}/tests/fixtures/{fixture}"
        if not os.path.isdir(base):
            continue
        files = sorted(glob.glob(f"{base}/content/**/*", recursive=True))
        files += sorted(glob.glob(f"{base}/static/**/*", recursive=True))
        out = []
        for p in files:
            if os.path.isdir(p):
                continue
            try:
                text = open(p, encoding="utf-8").read()
            except UnicodeDecodeError:
                continue
            out.append(f"-- {os.path.relpath(p, base)} --\n{text}")
            if len(out) == 12:
                break
        put("site", fixture, "".join(out))


if __name__ == "__main__":
    for t in TARGETS:
        os.makedirs(os.path.join(CORPUS, t), exist_ok=True)
    pages()
    hand_made()
    configs()
    sites()
