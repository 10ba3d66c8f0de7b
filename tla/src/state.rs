//! The model state in the TLA+ spec's representation (`tla/DC.tla`): reading
//! a state TLC printed, and writing a state as TLA+ text (to constrain TLC to
//! a trace). Every kind of value has one record shape there; unused fields
//! hold 0 and `NoGroup`.

use crate::value::TlaValue;
use dcverify_model::MAX_UID;
use dcverify_model::{CommitStep, Entry, Epoch, Leaf, Local, Op, State, Stolen, Uid, UidSet, User};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A TLA+ value that is not a state of `DC.tla`: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ShapeError {}

type R<T> = Result<T, ShapeError>;

fn bad<T>(field: &str, message: impl Into<String>) -> R<T> {
    Err(ShapeError { field: field.into(), message: message.into() })
}

fn field<'a>(v: &'a TlaValue, name: &str, at: &str) -> R<(&'a TlaValue, String)> {
    let path = format!("{at}.{name}");
    match v {
        TlaValue::Record(r) => match r.get(name) {
            Some(x) => Ok((x, path)),
            None => bad(at, format!("record has no field `{name}`")),
        },
        _ => bad(at, "expected a record"),
    }
}

fn int(v: &TlaValue, at: &str) -> R<i64> {
    match v {
        TlaValue::Int(n) => Ok(*n),
        _ => bad(at, "expected an integer"),
    }
}

fn uid(v: &TlaValue, at: &str) -> R<Uid> {
    let n = int(v, at)?;
    match u8::try_from(n) {
        Ok(u) if (1..=MAX_UID).contains(&u) => Ok(u),
        _ => bad(at, format!("uid {n} is outside 1..={MAX_UID}")),
    }
}

fn string<'a>(v: &'a TlaValue, at: &str) -> R<&'a str> {
    match v {
        TlaValue::Str(s) => Ok(s),
        _ => bad(at, "expected a string"),
    }
}

fn boolean(v: &TlaValue, at: &str) -> R<bool> {
    match v {
        TlaValue::Bool(b) => Ok(*b),
        _ => bad(at, "expected TRUE or FALSE"),
    }
}

/// A sequence; TLC prints the empty function as `<<>>` and may print `{}` too.
fn seq<'a>(v: &'a TlaValue, at: &str) -> R<&'a [TlaValue]> {
    match v {
        TlaValue::Seq(items) => Ok(items),
        TlaValue::Set(items) if items.is_empty() => Ok(items),
        _ => bad(at, "expected a sequence"),
    }
}

fn uid_set(v: &TlaValue, at: &str) -> R<UidSet> {
    match v {
        TlaValue::Set(items) => {
            items.iter().enumerate().map(|(i, x)| uid(x, &format!("{at}[{i}]"))).collect()
        }
        _ => bad(at, "expected a set"),
    }
}

fn uid_seq(v: &TlaValue, at: &str) -> R<Vec<Uid>> {
    seq(v, at)?.iter().enumerate().map(|(i, x)| uid(x, &format!("{at}[{}]", i + 1))).collect()
}

/// A leaf: a uid, negated for a leaf the server holds (`docs/threat-model.md`).
fn leaf(v: &TlaValue, at: &str) -> R<Leaf> {
    let n = int(v, at)?;
    Leaf::from_signed(n, MAX_UID).map_or_else(
        || bad(at, format!("{n} is not a leaf (a uid in 1..={MAX_UID}, negated for the server's)")),
        Ok,
    )
}

fn leaf_seq(v: &TlaValue, at: &str) -> R<Vec<Leaf>> {
    seq(v, at)?.iter().enumerate().map(|(i, x)| leaf(x, &format!("{at}[{}]", i + 1))).collect()
}

fn op(v: &TlaValue, at: &str) -> R<Op> {
    let (kind, kat) = field(v, "kind", at)?;
    match string(kind, &kat)? {
        "Add" => {
            let (u, uat) = field(v, "uid", at)?;
            Ok(Op::Add(leaf(u, &uat)?))
        }
        "Remove" => {
            let (us, uat) = field(v, "uids", at)?;
            Ok(Op::Remove(uid_set(us, &uat)?))
        }
        "Update" => {
            let (us, uat) = field(v, "uids", at)?;
            Ok(Op::Update(uid_set(us, &uat)?))
        }
        other => bad(&kat, format!("unknown op kind `{other}`")),
    }
}

/// An epoch node, or `None` for `NoGroup` (root 0).
fn group(v: &TlaValue, at: &str) -> R<Option<Epoch>> {
    let (root, rat) = field(v, "root", at)?;
    let (path, pat) = field(v, "path", at)?;
    let steps = seq(path, &pat)?;
    if int(root, &rat)? == 0 {
        return if steps.is_empty() { Ok(None) } else { bad(&pat, "NoGroup with a path") };
    }
    let root = uid(root, &rat)?;
    let path = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = format!("{pat}[{}]", i + 1);
            let (c, cat) = field(s, "committer", &at)?;
            let (o, oat) = field(s, "op", &at)?;
            Ok(CommitStep { committer: leaf(c, &cat)?, op: op(o, &oat)? })
        })
        .collect::<R<Vec<_>>>()?;
    Ok(Some(Epoch::new(root, path)))
}

fn epoch(v: &TlaValue, at: &str) -> R<Epoch> {
    group(v, at)?.map_or_else(|| bad(at, "expected an epoch node, found NoGroup"), Ok)
}

fn entry(v: &TlaValue, at: &str) -> R<Entry> {
    let get = |name: &str| field(v, name, at);
    let (kind, kat) = get("kind")?;
    let u = |name: &str| get(name).and_then(|(x, xat)| uid(x, &xat));
    Ok(match string(kind, &kat)? {
        "Joined" => Entry::Joined(get("uid").and_then(|(x, xat)| leaf(x, &xat))?),
        // A commit no key opens: `uid` holds the epoch number it is on top of.
        "Garbage" => {
            let (n, nat) = get("uid")?;
            Entry::Garbage(usize::try_from(int(n, &nat)?).or_else(|_| bad(&nat, "negative"))?)
        }
        "Left" => Entry::Left(u("uid")?),
        "Welcome" => {
            let (e, eat) = get("epoch")?;
            Entry::Welcome { from: u("from")?, to: u("to")?, epoch: epoch(e, &eat)? }
        }
        "Commit" => {
            let (e, eat) = get("epoch")?;
            let e = epoch(e, &eat)?;
            if e.number() == 0 {
                return bad(&eat, "a commit cannot create a root epoch");
            }
            Entry::Commit { from: u("from")?, epoch: e }
        }
        "Propose" => {
            let (e, eat) = get("epoch")?;
            Entry::Propose { from: u("from")?, epoch: epoch(e, &eat)? }
        }
        other => return bad(&kat, format!("unknown entry kind `{other}`")),
    })
}

fn entries(v: &TlaValue, at: &str) -> R<Vec<Entry>> {
    seq(v, at)?.iter().enumerate().map(|(i, e)| entry(e, &format!("{at}[{}]", i + 1))).collect()
}

fn user(v: &TlaValue, at: &str) -> R<User> {
    let get = |name: &str| field(v, name, at);
    let (alive, aat) = get("alive")?;
    if !boolean(alive, &aat)? {
        return Ok(User::Left);
    }
    let (cursor, cat) = get("cursor")?;
    let cursor = usize::try_from(int(cursor, &cat)?).or_else(|_| bad(&cat, "negative cursor"))?;
    let (g, gat) = get("group")?;
    let (bm, bat) = get("before_me")?;
    let (ls, lat) = get("left_seen")?;
    let (pa, paat) = get("pending_adds")?;
    let (pr, prat) = get("pending_removes")?;
    let (ob, oat) = get("outbox")?;
    let (f, fat) = get("failed")?;
    let (r, rat) = get("removed")?;
    let removed = boolean(r, &rat)?;
    let (pu, puat) = get("pending_updates")?;
    let (d, dat) = get("update_due")?;
    Ok(User::alive(Local {
        cursor,
        group: group(g, &gat)?,
        before_me: uid_set(bm, &bat)?,
        left_seen: uid_set(ls, &lat)?,
        pending_adds: leaf_seq(pa, &paat)?,
        pending_removes: uid_seq(pr, &prat)?,
        outbox: entries(ob, &oat)?,
        failed: boolean(f, &fat)?,
        removed,
        pending_updates: uid_set(pu, &puat)?,
        update_due: boolean(d, &dat)?,
    }))
}

/// The attacker's stolen copies (`stolen` in `DC.tla`).
fn stolen(v: &TlaValue, at: &str) -> R<Vec<Stolen>> {
    seq(v, at)?
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = format!("{at}[{}]", i + 1);
            let get = |name: &str| field(s, name, &at);
            let (of, oat) = get("of")?;
            let (c, cat) = get("cursor")?;
            let (g, gat) = get("group")?;
            let (k, kat) = get("knows_update")?;
            Ok(Stolen {
                of: uid(of, &oat)?,
                cursor: usize::try_from(int(c, &cat)?).or_else(|_| bad(&cat, "negative cursor"))?,
                group: group(g, &gat)?,
                knows_update: boolean(k, &kat)?,
            })
        })
        .collect()
}

/// The model state from a TLC state's variables `log`, `users`,
/// `attacks_used` and `failed_under_attack`.
pub fn from_tla(vars: &BTreeMap<String, TlaValue>) -> R<State> {
    let log = vars.get("log").map_or_else(|| bad("log", "missing"), |v| entries(v, "log"))?;
    let users = match vars.get("users") {
        None => return bad("users", "missing"),
        Some(v) => seq(v, "users")?
            .iter()
            .enumerate()
            .map(|(i, u)| user(u, &format!("users[{}]", i + 1)))
            .collect::<R<Vec<_>>>()?,
    };
    let attacks_used = match vars.get("attacks_used") {
        None => return bad("attacks_used", "missing"),
        Some(v) => u8::try_from(int(v, "attacks_used")?)
            .or_else(|_| bad("attacks_used", "out of range 0..=255"))?,
    };
    let failed_under_attack = match vars.get("failed_under_attack") {
        None => return bad("failed_under_attack", "missing"),
        Some(v) => uid_set(v, "failed_under_attack")?,
    };
    let stolen = match vars.get("stolen") {
        None => return bad("stolen", "missing"),
        Some(v) => stolen(v, "stolen")?,
    };
    Ok(State { log: log.into(), users, attacks_used, failed_under_attack, stolen })
}

fn set_text(s: UidSet) -> String {
    let items: Vec<String> = s.iter().map(|u| u.to_string()).collect();
    format!("{{{}}}", items.join(", "))
}

fn seq_text<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    let items: Vec<String> = items.iter().map(f).collect();
    format!("<<{}>>", items.join(", "))
}

fn op_text(op: Op) -> String {
    match op {
        Op::Add(v) => format!("[kind |-> \"Add\", uid |-> {}, uids |-> {{}}]", v.signed()),
        Op::Remove(vs) => format!("[kind |-> \"Remove\", uid |-> 0, uids |-> {}]", set_text(vs)),
        Op::Update(vs) => format!("[kind |-> \"Update\", uid |-> 0, uids |-> {}]", set_text(vs)),
    }
}

fn group_text(g: Option<&Epoch>) -> String {
    match g {
        None => "[root |-> 0, path |-> <<>>]".into(),
        Some(e) => format!(
            "[root |-> {}, path |-> {}]",
            e.root,
            seq_text(&e.path, |s| format!(
                "[committer |-> {}, op |-> {}]",
                s.committer.signed(),
                op_text(s.op)
            ))
        ),
    }
}

fn entry_text(e: &Entry) -> String {
    let (kind, from, to, uid, epoch) = match e {
        Entry::Joined(v) => ("Joined", 0, 0, v.signed(), None),
        Entry::Left(v) => ("Left", 0, 0, i64::from(*v), None),
        Entry::Welcome { from, to, epoch } => ("Welcome", *from, *to, 0, Some(epoch)),
        Entry::Commit { from, epoch } => ("Commit", *from, 0, 0, Some(epoch)),
        Entry::Garbage(n) => ("Garbage", 0, 0, *n as i64, None),
        Entry::Propose { from, epoch } => ("Propose", *from, 0, 0, Some(epoch)),
    };
    format!(
        "[kind |-> \"{kind}\", from |-> {from}, to |-> {to}, uid |-> {uid}, epoch |-> {}]",
        group_text(epoch)
    )
}

fn tla_bool(b: bool) -> &'static str {
    if b {
        "TRUE"
    } else {
        "FALSE"
    }
}

fn user_text(u: &User) -> String {
    let left = Local::joiner(0);
    let (alive, l) = match u {
        User::Alive(l) => (true, &**l),
        User::Left => (false, &left),
    };
    let uids = |v: &[Uid]| seq_text(v, |u| u.to_string());
    let leaves = |v: &[Leaf]| seq_text(v, |l| l.signed().to_string());
    format!(
        "[alive |-> {}, cursor |-> {}, group |-> {}, before_me |-> {}, left_seen |-> {}, pending_adds |-> {}, pending_removes |-> {}, outbox |-> {}, failed |-> {}, removed |-> {}, pending_updates |-> {}, update_due |-> {}]",
        tla_bool(alive),
        l.cursor,
        group_text(l.group.as_ref()),
        set_text(l.before_me),
        set_text(l.left_seen),
        leaves(&l.pending_adds),
        uids(&l.pending_removes),
        seq_text(&l.outbox, entry_text),
        tla_bool(l.failed),
        tla_bool(l.removed),
        set_text(l.pending_updates),
        tla_bool(l.update_due),
    )
}

fn stolen_text(s: &Stolen) -> String {
    format!(
        "[of |-> {}, cursor |-> {}, group |-> {}, knows_update |-> {}]",
        s.of,
        s.cursor,
        group_text(s.group.as_ref()),
        tla_bool(s.knows_update)
    )
}

/// The state as a TLA+ record of `DC.tla`'s variables
/// `[log |-> ..., users |-> ..., attacks_used |-> ..., failed_under_attack |-> ..., stolen |-> ...]`.
pub fn to_tla(state: &State) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "[log |-> {}, users |-> {}, attacks_used |-> {}, failed_under_attack |-> {}, stolen |-> {}]",
        seq_text(&state.log, entry_text),
        seq_text(&state.users, user_text),
        state.attacks_used,
        set_text(state.failed_under_attack),
        seq_text(&state.stolen, stolen_text)
    );
    s
}
