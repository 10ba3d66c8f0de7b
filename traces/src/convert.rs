//! Conversion between the model's state and its trace shape. Writing cannot
//! fail; reading checks what serde cannot (uid ranges, redundant fields that
//! must agree, users numbered 1..n) and names the field that is wrong.

use crate::itf::{ItfInt, ItfMap, ItfSet, ItfSigned, Unit};
use crate::shape::*;
use dcverify_model::MAX_UID;
use dcverify_model::{
    Action, CommitStep, Entry, Epoch, Leaf, Local, Op, ServerStep, State, Stolen, Uid, UidSet, User,
};

/// A field that does not hold a valid value: its path inside the variable and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err<T>(field: &str, message: impl Into<String>) -> Result<T, FieldError> {
    Err(FieldError { field: field.to_string(), message: message.into() })
}

fn int(n: usize) -> ItfInt {
    ItfInt(n as u64)
}

fn uid_int(u: Uid) -> ItfInt {
    ItfInt(u64::from(u))
}

fn leaf_int(l: Leaf) -> ItfSigned {
    ItfSigned(l.signed())
}

fn set(s: UidSet) -> ItfSet<ItfInt> {
    ItfSet { items: s.iter().map(uid_int).collect() }
}

pub fn op_shape(op: Op) -> OpShape {
    match op {
        Op::Add(v) => OpShape::Add(leaf_int(v)),
        Op::Remove(vs) => OpShape::Remove(set(vs)),
        Op::Update(vs) => OpShape::Update(set(vs)),
    }
}

pub fn epoch_shape(e: &Epoch) -> EpochShape {
    EpochShape {
        root: uid_int(e.root),
        number: int(e.number()),
        path: e
            .path
            .iter()
            .map(|s| CommitStepShape { committer: leaf_int(s.committer), op: op_shape(s.op) })
            .collect(),
    }
}

pub fn entry_shape(e: &Entry) -> EntryShape {
    match e {
        Entry::Joined(v) => EntryShape::Joined(LeafArg { v: leaf_int(*v) }),
        Entry::Garbage(n) => EntryShape::Garbage(NumberArg { n: int(*n) }),
        Entry::Propose { from, epoch } => {
            EntryShape::Propose(ProposeShape { from: uid_int(*from), epoch: epoch_shape(epoch) })
        }
        Entry::Left(v) => EntryShape::Left(UidArg { v: uid_int(*v) }),
        Entry::Welcome { from, to, epoch } => EntryShape::Welcome(WelcomeShape {
            from: uid_int(*from),
            to: uid_int(*to),
            epoch: epoch_shape(epoch),
        }),
        Entry::Commit { from, epoch } => EntryShape::Commit(CommitShape {
            from: uid_int(*from),
            epoch: epoch_shape(epoch),
            op: op_shape(epoch.last_step().map(|s| s.op).unwrap_or(Op::Remove(UidSet::EMPTY))),
        }),
    }
}

pub fn local_shape(l: &Local) -> LocalShape {
    LocalShape {
        cursor: int(l.cursor),
        group: group_shape(&l.group),
        before_me: set(l.before_me),
        left_seen: set(l.left_seen),
        pending_adds: l.pending_adds.iter().copied().map(leaf_int).collect(),
        pending_removes: l.pending_removes.iter().copied().map(uid_int).collect(),
        outbox: l.outbox.iter().map(entry_shape).collect(),
        failed: l.failed,
        removed: l.removed,
        pending_updates: set(l.pending_updates),
        update_due: l.update_due,
    }
}

fn group_shape(group: &Option<Epoch>) -> GroupShape {
    match group {
        None => GroupShape::None(Unit {}),
        Some(e) => GroupShape::Some(epoch_shape(e)),
    }
}

/// The attacker's stolen copies (`docs/pcs.md`).
pub fn stolen_shape(state: &State) -> Vec<StolenShape> {
    state
        .stolen
        .iter()
        .map(|s| StolenShape {
            of: uid_int(s.of),
            cursor: int(s.cursor),
            group: group_shape(&s.group),
            knows_update: s.knows_update,
        })
        .collect()
}

pub fn users_shape(state: &State) -> UsersShape {
    ItfMap {
        pairs: state
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let shape = match u {
                    User::Alive(l) => UserShape::Alive(local_shape(l)),
                    User::Left => UserShape::Left(Unit {}),
                };
                (int(i + 1), shape)
            })
            .collect(),
    }
}

pub fn log_shape(state: &State) -> Vec<EntryShape> {
    state.log.iter().map(entry_shape).collect()
}

/// The server's budget spent so far and the users that failed after its first step.
pub fn attacks_shape(state: &State) -> (ItfInt, ItfSet<ItfInt>) {
    (ItfInt(u64::from(state.attacks_used)), set(state.failed_under_attack))
}

/// The step that led to a state; `None` is the initial state.
pub fn action_shape(action: Option<Action>) -> ActionShape {
    match action {
        None => ActionShape::Init(Unit {}),
        Some(Action::Join) => ActionShape::Join(Unit {}),
        Some(Action::Leave(u)) => ActionShape::Leave(UserArg { u: uid_int(u) }),
        Some(Action::Read(u)) => ActionShape::Read(UserArg { u: uid_int(u) }),
        Some(Action::Send(u)) => ActionShape::Send(UserArg { u: uid_int(u) }),
        Some(Action::Server(step)) => server_step_shape(step),
        Some(Action::Compromise(u)) => ActionShape::Compromise(UserArg { u: uid_int(u) }),
    }
}

fn server_step_shape(step: ServerStep) -> ActionShape {
    let user = |u| UserArg { u: uid_int(u) };
    let commit = |at, v| ServerCommitArg { at: uid_int(at), v: uid_int(v) };
    match step {
        ServerStep::Withhold(u) => ActionShape::Withhold(user(u)),
        ServerStep::Reorder(u) => ActionShape::Reorder(user(u)),
        ServerStep::Redeliver(u, k) => {
            ActionShape::Redeliver(RedeliverArg { u: uid_int(u), k: int(k) })
        }
        ServerStep::FalseLeft(v) => ActionShape::FalseLeft(UidArg { v: uid_int(v) }),
        ServerStep::ServerJoin(v) => ActionShape::ServerJoin(UidArg { v: uid_int(v) }),
        ServerStep::Garbage(n) => ActionShape::Garbage(NumberArg { n: int(n) }),
        ServerStep::ServerRemove(at, v) => ActionShape::ServerRemove(commit(at, v)),
        ServerStep::ServerAdd(at, v) => ActionShape::ServerAdd(commit(at, v)),
    }
}

fn read_uid(n: &ItfInt, field: &str) -> Result<Uid, FieldError> {
    match u8::try_from(n.0) {
        Ok(u) if (1..=MAX_UID).contains(&u) => Ok(u),
        _ => err(field, format!("uid {} is outside 1..={MAX_UID}", n.0)),
    }
}

fn read_leaf(n: &ItfSigned, field: &str) -> Result<Leaf, FieldError> {
    Leaf::from_signed(n.0, MAX_UID).map_or_else(
        || {
            err(
                field,
                format!("leaf {} is not a uid in 1..={MAX_UID} (negated for the server's)", n.0),
            )
        },
        Ok,
    )
}

fn read_usize(n: &ItfInt, field: &str) -> Result<usize, FieldError> {
    usize::try_from(n.0).or_else(|_| err(field, format!("{} is too large", n.0)))
}

fn read_set(s: &ItfSet<ItfInt>, field: &str) -> Result<UidSet, FieldError> {
    let mut out = UidSet::EMPTY;
    for (i, n) in s.items.iter().enumerate() {
        let u = read_uid(n, &format!("{field}.#set[{i}]"))?;
        if out.contains(u) {
            return err(&format!("{field}.#set[{i}]"), format!("uid {u} appears twice in a set"));
        }
        out.insert(u);
    }
    Ok(out)
}

fn read_uids(list: &[ItfInt], field: &str) -> Result<Vec<Uid>, FieldError> {
    list.iter().enumerate().map(|(i, n)| read_uid(n, &format!("{field}[{i}]"))).collect()
}

fn read_op(op: &OpShape, field: &str) -> Result<Op, FieldError> {
    match op {
        OpShape::Add(v) => Ok(Op::Add(read_leaf(v, &format!("{field}.value"))?)),
        OpShape::Remove(vs) => Ok(Op::Remove(read_set(vs, &format!("{field}.value"))?)),
        OpShape::Update(vs) => Ok(Op::Update(read_set(vs, &format!("{field}.value"))?)),
    }
}

pub fn read_epoch(e: &EpochShape, field: &str) -> Result<Epoch, FieldError> {
    let root = read_uid(&e.root, &format!("{field}.root"))?;
    let path = e
        .path
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = format!("{field}.path[{i}]");
            Ok(CommitStep {
                committer: read_leaf(&s.committer, &format!("{at}.committer"))?,
                op: read_op(&s.op, &format!("{at}.op"))?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if e.number.0 != path.len() as u64 {
        return err(
            &format!("{field}.number"),
            format!("number {} but the path has {} commits", e.number.0, path.len()),
        );
    }
    Ok(Epoch::new(root, path))
}

pub fn read_entry(e: &EntryShape, field: &str) -> Result<Entry, FieldError> {
    let value = format!("{field}.value");
    Ok(match e {
        EntryShape::Joined(a) => Entry::Joined(read_leaf(&a.v, &format!("{value}.v"))?),
        EntryShape::Garbage(a) => Entry::Garbage(read_usize(&a.n, &format!("{value}.n"))?),
        EntryShape::Left(a) => Entry::Left(read_uid(&a.v, &format!("{value}.v"))?),
        EntryShape::Welcome(w) => Entry::Welcome {
            from: read_uid(&w.from, &format!("{value}.from"))?,
            to: read_uid(&w.to, &format!("{value}.to"))?,
            epoch: read_epoch(&w.epoch, &format!("{value}.epoch"))?,
        },
        EntryShape::Commit(c) => {
            let epoch = read_epoch(&c.epoch, &format!("{value}.epoch"))?;
            let op = read_op(&c.op, &format!("{value}.op"))?;
            match epoch.last_step() {
                None => {
                    return err(&format!("{value}.epoch"), "a commit cannot create a root epoch")
                }
                Some(step) if step.op != op => {
                    return err(
                        &format!("{value}.op"),
                        format!("op {op} differs from the epoch's last commit {}", step.op),
                    )
                }
                Some(_) => {}
            }
            Entry::Commit { from: read_uid(&c.from, &format!("{value}.from"))?, epoch }
        }
        EntryShape::Propose(p) => Entry::Propose {
            from: read_uid(&p.from, &format!("{value}.from"))?,
            epoch: read_epoch(&p.epoch, &format!("{value}.epoch"))?,
        },
    })
}

fn read_group(g: &GroupShape, field: &str) -> Result<Option<Epoch>, FieldError> {
    match g {
        GroupShape::None(_) => Ok(None),
        GroupShape::Some(e) => Ok(Some(read_epoch(e, &format!("{field}.value"))?)),
    }
}

fn read_local(l: &LocalShape, field: &str) -> Result<Local, FieldError> {
    Ok(Local {
        cursor: read_usize(&l.cursor, &format!("{field}.cursor"))?,
        group: read_group(&l.group, &format!("{field}.group"))?,
        before_me: read_set(&l.before_me, &format!("{field}.before_me"))?,
        left_seen: read_set(&l.left_seen, &format!("{field}.left_seen"))?,
        pending_adds: l
            .pending_adds
            .iter()
            .enumerate()
            .map(|(i, n)| read_leaf(n, &format!("{field}.pending_adds[{i}]")))
            .collect::<Result<_, _>>()?,
        pending_removes: read_uids(&l.pending_removes, &format!("{field}.pending_removes"))?,
        outbox: l
            .outbox
            .iter()
            .enumerate()
            .map(|(i, e)| read_entry(e, &format!("{field}.outbox[{i}]")))
            .collect::<Result<_, _>>()?,
        failed: l.failed,
        removed: l.removed,
        pending_updates: read_set(&l.pending_updates, &format!("{field}.pending_updates"))?,
        update_due: l.update_due,
    })
}

/// The model state from its `log` and `users` variables (and, in a trace with
/// a hostile server, the server's `attacks_used` and `failed_under_attack`).
pub fn read_state(
    log: &[EntryShape],
    users: &UsersShape,
    attacks: Option<(&ItfInt, &ItfSet<ItfInt>)>,
    stolen: &[StolenShape],
) -> Result<State, FieldError> {
    let log = log
        .iter()
        .enumerate()
        .map(|(i, e)| read_entry(e, &format!("log[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(users.pairs.len());
    for (i, (key, user)) in users.pairs.iter().enumerate() {
        let field = format!("users.#map[{i}]");
        if key.0 != i as u64 + 1 {
            return err(
                &field,
                format!("users must be numbered 1..n in order; found {} at place {}", key.0, i + 1),
            );
        }
        read_uid(key, &field)?;
        out.push(match user {
            UserShape::Left(_) => User::Left,
            UserShape::Alive(l) => {
                let local = read_local(l, &format!("{field}[1].value"))?;
                if local.cursor > log.len() {
                    return err(
                        &format!("{field}[1].value.cursor"),
                        format!(
                            "cursor {} is past the end of the log ({} entries)",
                            local.cursor,
                            log.len()
                        ),
                    );
                }
                User::alive(local)
            }
        });
    }
    let (attacks_used, failed_under_attack) = match attacks {
        None => (0, UidSet::EMPTY),
        Some((used, failed)) => (
            u8::try_from(used.0)
                .or_else(|_| err("attacks_used", format!("{} is too large", used.0)))?,
            read_set(failed, "failed_under_attack")?,
        ),
    };
    let stolen = stolen
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let field = format!("stolen[{i}]");
            let cursor = read_usize(&s.cursor, &format!("{field}.cursor"))?;
            if cursor > log.len() {
                return err(
                    &format!("{field}.cursor"),
                    format!("cursor {cursor} is past the end of the log"),
                );
            }
            Ok(Stolen {
                of: read_uid(&s.of, &format!("{field}.of"))?,
                cursor,
                group: read_group(&s.group, &format!("{field}.group"))?,
                knows_update: s.knows_update,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(State { log: log.into(), users: out, attacks_used, failed_under_attack, stolen })
}

pub fn read_action(a: &ActionShape, field: &str) -> Result<Option<Action>, FieldError> {
    // Argument `name` of the action, read as a uid or as a number.
    let uid = |n: &ItfInt, name: &str| read_uid(n, &format!("{field}.value.{name}"));
    let number = |n: &ItfInt, name: &str| read_usize(n, &format!("{field}.value.{name}"));
    let server = |step| Some(Action::Server(step));
    Ok(match a {
        ActionShape::Init(_) => None,
        ActionShape::Join(_) => Some(Action::Join),
        ActionShape::Leave(arg) => Some(Action::Leave(uid(&arg.u, "u")?)),
        ActionShape::Read(arg) => Some(Action::Read(uid(&arg.u, "u")?)),
        ActionShape::Send(arg) => Some(Action::Send(uid(&arg.u, "u")?)),
        ActionShape::Withhold(arg) => server(ServerStep::Withhold(uid(&arg.u, "u")?)),
        ActionShape::Reorder(arg) => server(ServerStep::Reorder(uid(&arg.u, "u")?)),
        ActionShape::Redeliver(a) => {
            server(ServerStep::Redeliver(uid(&a.u, "u")?, number(&a.k, "k")?))
        }
        ActionShape::FalseLeft(a) => server(ServerStep::FalseLeft(uid(&a.v, "v")?)),
        ActionShape::ServerJoin(a) => server(ServerStep::ServerJoin(uid(&a.v, "v")?)),
        ActionShape::Garbage(a) => server(ServerStep::Garbage(number(&a.n, "n")?)),
        ActionShape::ServerRemove(a) => {
            server(ServerStep::ServerRemove(uid(&a.at, "at")?, uid(&a.v, "v")?))
        }
        ActionShape::ServerAdd(a) => {
            server(ServerStep::ServerAdd(uid(&a.at, "at")?, uid(&a.v, "v")?))
        }
        ActionShape::Compromise(arg) => Some(Action::Compromise(uid(&arg.u, "u")?)),
    })
}
