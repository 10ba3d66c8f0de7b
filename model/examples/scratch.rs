use dcverify_model::*;
use stateright::{Checker, Model};
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let p: Profile = a[0].parse().unwrap();
    let m = DcModel::new(p, Bounds { users: a[1].parse().unwrap(), leaves: a[2].parse().unwrap() })
        .unwrap();
    let t = std::time::Instant::now();
    let c = m.checker().spawn_bfs().join();
    println!(
        "unique {} gen {} depth {} {:?}",
        c.unique_state_count(),
        c.state_count(),
        c.max_depth(),
        t.elapsed()
    );
    let mut d: Vec<_> = c.discoveries().into_iter().map(|(k, p)| (k, p.into_actions())).collect();
    d.sort();
    for (k, a) in d {
        println!(
            "{k} {}: {}",
            a.len(),
            a.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(" ")
        );
    }
}
