//! The long publication fixture (`tests/fixtures/publication-long/`), generated: 8 chapters
//! and about 30,000 words of plain, made-up policy prose, with figures, captioned tables,
//! footnotes, 20 recommendations, links between chapters and a renamed heading that keeps its
//! old anchor. The generator is deterministic (a fixed linear congruential generator), so the
//! committed files can be checked against it; `HAVEN_REGENERATE=1 cargo test --test
//! publication` rewrites them after a change here.

/// A tiny deterministic random source (Knuth's MMIX constants); not for anything but text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

const SUBJECTS: &[&str] = &[
    "The office",
    "Community partners",
    "Residents",
    "Outreach workers",
    "The city",
    "Each neighborhood team",
    "Service providers",
    "The working group",
    "Hospital staff",
    "Faith leaders",
    "Youth programs",
    "The advisory board",
    "School staff",
    "Families who lost someone",
];
const VERBS: &[&str] = &[
    "should coordinate",
    "will review",
    "can strengthen",
    "must fund",
    "may expand",
    "continue to support",
    "need to measure",
    "asked for",
    "described",
    "should share",
    "could improve",
    "rely on",
];
const OBJECTS: &[&str] = &[
    "street outreach",
    "hospital-based intervention",
    "data sharing agreements",
    "summer jobs for young people",
    "services for victims",
    "mental health care",
    "partnerships with schools",
    "safe places to meet",
    "training for new staff",
    "follow-up after a shooting",
    "grief support for families",
    "clear and public goals",
    "regular reports to residents",
    "steady funding",
];
const ENDINGS: &[&str] = &[
    "across the city",
    "within two years",
    "in every neighborhood",
    "with clear goals",
    "through regular meetings",
    "before the next budget",
    "with the people most affected",
    "as the first priority",
    "without new paperwork",
    "in plain language",
    "at the same table",
    "over the long term",
];

fn sentence(r: &mut Lcg) -> String {
    let mut s = format!(
        "{} {} {} {}",
        r.pick(SUBJECTS),
        r.pick(VERBS),
        r.pick(OBJECTS),
        r.pick(ENDINGS)
    );
    if r.range(0, 3) == 0 {
        s.push_str(&format!(", and {} {}", r.pick(OBJECTS), r.pick(ENDINGS)));
    }
    s.push('.');
    s
}

fn paragraph(r: &mut Lcg) -> String {
    let n = r.range(5, 8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for _ in 0..n {
        for word in sentence(r).split(' ') {
            if line.len() + word.len() + 1 > 96 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.push(line);
    lines.join("\n")
}

/// One chapter: (file name, weight, title, section titles).
struct Plan {
    file: &'static str,
    weight: i64,
    title: &'static str,
    sections: [&'static str; 4],
    recommendations: usize,
}

const CHAPTERS: [Plan; 8] = [
    Plan {
        file: "introduction.md",
        weight: 10,
        title: "Introduction and method",
        sections: [
            "How we worked",
            "Method",
            "Who took part",
            "Limits of this report",
        ],
        recommendations: 2,
    },
    Plan {
        file: "residents.md",
        weight: 20,
        title: "What residents told us",
        sections: [
            "Listening sessions",
            "Safety at home",
            "Trust",
            "Hopes for the office",
        ],
        recommendations: 3,
    },
    Plan {
        file: "cities.md",
        weight: 30,
        title: "What other cities have done",
        sections: [
            "Cities we studied",
            "Funding the work",
            "What worked",
            "What did not",
        ],
        recommendations: 2,
    },
    Plan {
        file: "outreach.md",
        weight: 40,
        title: "Street outreach",
        sections: ["Why outreach", "Staffing", "Training", "Measuring results"],
        recommendations: 3,
    },
    Plan {
        file: "victims.md",
        weight: 50,
        title: "Support for victims and families",
        sections: [
            "After a shooting",
            "Grief support",
            "Money and paperwork",
            "Courts",
        ],
        recommendations: 2,
    },
    Plan {
        file: "youth.md",
        weight: 60,
        title: "Young people",
        sections: ["Schools", "Summer", "Jobs", "Mentors"],
        recommendations: 3,
    },
    Plan {
        file: "data.md",
        weight: 70,
        title: "Data and accountability",
        sections: ["What to count", "Sharing data", "Public reports", "Privacy"],
        recommendations: 2,
    },
    Plan {
        file: "practice.md",
        weight: 80,
        title: "Putting the plan into practice",
        sections: ["The first year", "Governance", "Budget", "Next steps"],
        recommendations: 3,
    },
];

/// Every file of the fixture site: (path relative to the fixture folder, contents).
pub fn files() -> Vec<(String, String)> {
    let mut r = Lcg(20221103);
    let mut out = vec![
        ("config.toml".to_string(), CONFIG.to_string()),
        ("content/_index.md".to_string(), "+++\ntitle = \"Testville\"\n+++\n\nThe home page of the fixture site. Read [the report](@/report/_index.md).\n".to_string()),
        ("content/report/_index.md".to_string(), cover()),
    ];
    let mut figure = 0;
    for (c, plan) in CHAPTERS.iter().enumerate() {
        let n = c + 1;
        let mut md = format!(
            "+++\ntitle = \"{}\"\ndescription = \"Chapter {n} of the long fixture report.\"\nweight = {}\n+++\n\n{}\n\n{}\n\n",
            plan.title,
            plan.weight,
            paragraph(&mut r),
            paragraph(&mut r)
        );
        // Every chapter has a "Summary" section: the one-page version must keep the ids apart.
        md.push_str(&format!(
            "## Summary\n\n{}[^first]\n\n{}\n\n",
            paragraph(&mut r),
            paragraph(&mut r)
        ));
        let mut recs_left = plan.recommendations;
        for (s, title) in plan.sections.iter().enumerate() {
            // A renamed heading keeps its old anchor, and a custom id.
            let attrs = match (n, s) {
                (3, 1) => " {old=paying-for-it}",
                (7, 3) => " {#privacy-rules}",
                _ => "",
            };
            md.push_str(&format!(
                "## {title}{attrs}\n\n{}\n\n{}\n\n",
                paragraph(&mut r),
                paragraph(&mut r)
            ));
            for sub in 1..=2 {
                md.push_str(&format!(
                    "### {title}: part {sub}\n\n{}\n\n{}\n\n{}\n\n",
                    paragraph(&mut r),
                    paragraph(&mut r),
                    paragraph(&mut r)
                ));
                if sub == 2 {
                    md.push_str(&format!("#### A closer look\n\n{}\n\n", paragraph(&mut r)));
                }
            }
            if s == 1 {
                figure += 1;
                md.push_str(&format!(
                    "![Bar chart with four bars; the third bar, {title}, is the tallest.](/report/figures/figure-{figure}.svg)\nFigure: {title} by quarter.\nSource: Testville survey of residents, made-up figures.\n\n"
                ));
            }
            if s == 2 {
                md.push_str(&format!(
                    "Table: {title} in numbers.\n\n| Quarter | People reached | Sessions |\n|---|--:|--:|\n| First | {} | {} |\n| Second | {} | {} |\n| Third | {} | {} |\n\n",
                    r.range(10, 99),
                    r.range(1, 9),
                    r.range(10, 99),
                    r.range(1, 9),
                    r.range(10, 99),
                    r.range(1, 9)
                ));
            }
            if recs_left > 0 && s < 3 {
                recs_left -= 1;
                md.push_str(&format!(
                    "> **Recommendation:** {}\n>\n> {}\n\n",
                    sentence(&mut r),
                    sentence(&mut r)
                ));
            }
            if s == 3 {
                md.push_str(&format!(
                    "{}[^second] {}\n\n",
                    sentence(&mut r),
                    sentence(&mut r)
                ));
                while recs_left > 0 {
                    recs_left -= 1;
                    md.push_str(&format!("> **Recommendation:** {}\n\n", sentence(&mut r)));
                }
            }
        }
        // Links: within the page, to another chapter, to an old anchor.
        let links = match n {
            1 => "See [the summary above](#summary) and [what residents told us](@/report/residents.md).".to_string(),
            2 => "How we listened is set out under [Method](@/report/introduction.md#method); the money is discussed under [paying for it](@/report/cities.md#paying-for-it).".to_string(),
            5 => "The [rules on privacy](data.md#privacy-rules) apply here too, as does [the first recommendation](@/report/introduction.md#recommendation-1).".to_string(),
            _ => "Back to [the start of this chapter](#summary), or on to [the plan in practice](@/report/practice.md#the-first-year).".to_string(),
        };
        md.push_str(&format!(
            "## Links\n\n{}\n\n{links}[^first]\n\n",
            paragraph(&mut r)
        ));
        md.push_str(&format!(
            "[^first]: {}\n[^second]: {}\n",
            sentence(&mut r),
            sentence(&mut r)
        ));
        out.push((format!("content/report/{}", plan.file), md));
    }
    for f in 1..=figure {
        out.push((format!("content/report/figures/figure-{f}.svg"), svg(f)));
    }
    out
}

fn cover() -> String {
    "+++\ntitle = \"The long report\"\ndescription = \"A long made-up report, to test publications.\"\nweight = 1\n\n[publication]\ntitle = \"The Long Report on Safer Streets\"\nsubtitle = \"A made-up document for Haven's tests\"\nauthors = [\"Alpha Institute\", \"Beta Council\"]\nprepared_for = \"the City of Testville\"\nstatus = \"adopted\"\nversion = \"2.1\"\nsummary = \"\"\"\nThis report is made up. It exists so that Haven's tests can build a long document: eight\nchapters, about thirty thousand words, with figures, tables, notes and twenty\nrecommendations.\n\nIts words are generated, so they read like a plan but say nothing real.\n\"\"\"\n\n[[publication.history]]\nstatus = \"draft\"\ndate = 2025-01-10\n\n[[publication.history]]\nstatus = \"submitted\"\ndate = 2025-03-03\n\n[[publication.history]]\nstatus = \"adopted\"\ndate = 2025-05-20\nnote = \"The vote was unanimous.\"\n+++\n\nThis cover has its own short text, before the contents.\n".to_string()
}

fn svg(n: usize) -> String {
    let heights = [30 + n * 3 % 40, 50, 90, 40 + n * 7 % 30];
    let bars: String = heights
        .iter()
        .enumerate()
        .map(|(i, h)| {
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"30\" height=\"{h}\" fill=\"#1a4480\"/>",
                10 + i * 45,
                100 - h
            )
        })
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\" width=\"400\" height=\"200\"><title>Figure {n}</title>{bars}</svg>\n"
    )
}

const CONFIG: &str = "title = \"Testville\"\nbase_url = \"https://testville.example\"\ntheme = \"haven\"\ntimezone = \"America/New_York\"\n\n[languages.en]\nname = \"English\"\n\n[[menus.main]]\nname = \"Report\"\nurl = \"@/report/_index.md\"\nweight = 1\n";
