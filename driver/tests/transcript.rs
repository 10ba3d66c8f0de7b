//! The session printed in `docs/driver-protocol.md` is true: its requests,
//! sent again to the serving side over the OpenMLS client with the same
//! seed, get the same responses, byte for byte.

use dcverify_driver::serve;
use dcverify_impl::OpenMls;
use dcverify_protocol::Implementation;

fn openmls(seed: Option<u64>, mutant: Option<&str>) -> Result<Box<dyn Implementation>, String> {
    let openmls = OpenMls::named_mutant(mutant).map_err(|e| e.to_string())?;
    Ok(Box::new(OpenMls { seed, ..openmls }))
}

/// The last fenced block of the page: `> request` and `< response` lines.
fn transcript() -> (Vec<String>, Vec<String>) {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/driver-protocol.md"))
            .expect("docs/driver-protocol.md");
    let blocks: Vec<&str> = page.split("```").collect();
    let last = blocks[blocks.len() - 2];
    let pick = |mark: &str| -> Vec<String> {
        last.lines().filter_map(|l| l.strip_prefix(mark)).map(str::to_string).collect()
    };
    (pick("> "), pick("< "))
}

#[test]
fn the_documented_session_gets_the_same_responses() {
    let (requests, expected) = transcript();
    assert!(requests.len() > 20 && requests.len() == expected.len(), "{}", requests.len());
    let input = requests.join("\n") + "\n";
    let mut output = Vec::new();
    serve(input.as_bytes(), &mut output, &openmls).unwrap();
    let got: Vec<&str> = std::str::from_utf8(&output).unwrap().lines().collect();
    assert_eq!(got.len(), expected.len());
    for (i, (got, want)) in got.iter().zip(&expected).enumerate() {
        let got: serde_json::Value = serde_json::from_str(got).unwrap();
        let want: serde_json::Value = serde_json::from_str(want).unwrap();
        assert_eq!(got, want, "response {} ({})", i + 1, requests[i]);
    }
}
