//! Writes seed corpora for the fuzz targets from real messages and traces:
//! `cargo run --manifest-path fuzz/Cargo.toml --bin seeds`.

use dcverify_protocol::{Client, FrameKind};
use std::path::Path;

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
    std::fs::create_dir_all(&dir).expect("corpus folder");
    std::fs::write(dir.join(name), bytes).expect("seed");
}

fn main() {
    let mut f = dcverify_impl::fixture::fixture().expect("the fixture");
    write("key_package", "real", &f.key_package);
    write("welcome", "real", &f.welcome);
    write("ratchet_tree", "real", &f.tree);
    write("commit", "real", &f.commit);
    let video = [0x50u8, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 1, 2, 3, 4];
    let mut sealed = vec![0u8];
    sealed.extend(f.dc.seal_frame(FrameKind::Vp8, &video).expect("seal"));
    write("frame", "vp8", &sealed);
    let mut sealed = vec![1u8];
    sealed.extend(f.dc.seal_frame(FrameKind::Opus, b"opus payload").expect("seal"));
    write("frame", "opus", &sealed);
    let traces = Path::new(env!("CARGO_MANIFEST_DIR")).join("../traces/orange/counterexamples");
    for name in ["AllAdmitted", "WelcomesAdded"] {
        let text = std::fs::read(traces.join(format!("{name}.itf.json"))).expect("trace");
        write("trace_loader", name, &text);
    }
    println!("seeds written under fuzz/corpus/");
}
