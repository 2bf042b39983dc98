//! What the terminal says about where the preview can be opened.
//!
//! `0.0.0.0` is where the server listens, not an address a browser can open; staff need this
//! computer's own address (for this computer) and its name or network address (for a phone
//! or a colleague's laptop on the same network).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The lines to print once the server listens on `local`. The first names the address to
/// open on this computer.
pub(super) fn lines(local: SocketAddr) -> Vec<String> {
    let port = local.port();
    let ip = local.ip();
    if ip.is_loopback() {
        return vec![format!(
            "Serving the preview at {} (press Ctrl-C to stop)",
            url(ip, port)
        )];
    }
    let here = if ip.is_unspecified() {
        match ip {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        }
    } else {
        ip
    };
    let mut out = vec![format!(
        "Serving the preview at {} (press Ctrl-C to stop)",
        url(here, port)
    )];
    let others = if ip.is_unspecified() {
        network_urls(port, ip.is_ipv6())
    } else {
        vec![url(ip, port)]
    };
    if others.is_empty() {
        out.push(
            "Other computers on your network may reach it too, at this computer's network address."
                .into(),
        );
    } else {
        out.push(format!(
            "Other computers on your network can open it at {}.",
            others.join(" or ")
        ));
    }
    out.push(
        "Note: anyone on your network can see the preview, drafts included. Leave out --bind to keep it on this computer.".into(),
    );
    out
}

/// This computer's name and its network addresses (never loopback), as preview addresses.
fn network_urls(port: u16, ipv6: bool) -> Vec<String> {
    let mut out = Vec::new();
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    if !host.is_empty() && host != "localhost" {
        out.push(format!("http://{host}:{port}/"));
    }
    let mut ips: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| !ip.is_loopback() && (ipv6 || ip.is_ipv4()))
        // Link-local IPv6 addresses need a zone to be opened; they only confuse.
        .filter(|ip| !matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80))
        .collect();
    ips.sort();
    ips.dedup();
    out.extend(ips.into_iter().map(|ip| url(ip, port)));
    out
}

fn url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_addresses_are_never_shown_as_a_link() {
        let l = lines("0.0.0.0:1111".parse().unwrap());
        assert!(l[0].contains("http://127.0.0.1:1111/"), "{l:?}");
        assert!(l.iter().all(|l| !l.contains("0.0.0.0")), "{l:?}");
        assert!(
            l.iter().any(|l| l.contains("anyone on your network")),
            "{l:?}"
        );
    }

    #[test]
    fn loopback_says_one_line() {
        assert_eq!(
            lines("127.0.0.1:1111".parse().unwrap()),
            ["Serving the preview at http://127.0.0.1:1111/ (press Ctrl-C to stop)"]
        );
    }
}
