--------------------------------- MODULE DC ---------------------------------
(***************************************************************************)
(* The designated-committer (DC) protocol of an end-to-end encrypted video  *)
(* room: the reference semantics are docs/protocol.md.  This spec is a      *)
(* transcription, step for step, of the stateright model in model/src/*.rs  *)
(* (state.rs, steps.rs, commit_pendings.rs, profile.rs, properties.rs,      *)
(* server_steps.rs, display.rs, security.rs, model.rs), so that TLC's       *)
(* distinct-state count equals stateright's unique-state count at every     *)
(* bound and budget and every invariant has the same verdict.              *)
(*                                                                         *)
(* The state is exactly the model's `State`:                                *)
(*   - log:   the delivery service's totally ordered log (a sequence of     *)
(*            entries; position p of the Rust log is log[p+1] here);        *)
(*   - users: user u is users[u]; Len(users) uids have been handed out, so  *)
(*            the next joiner is Len(users) + 1;                            *)
(*   - attacks_used: how many of the hostile server's steps were taken     *)
(*            (docs/threat-model.md; always 0 when Attacks = 0);           *)
(*   - failed_under_attack: users that failed after the server's first     *)
(*            step (always {} when Attacks = 0);                            *)
(*   - stolen: the attacker's copies of compromised users' states          *)
(*            (docs/pcs.md; always <<>> when Compromises = 0).              *)
(* With Attacks = 0 and Compromises = 0 the last three never change, so the *)
(* state space is the honest protocol's, state for state.  There is deliberately no other      *)
(* variable (no step counter, no last action): one would split states that *)
(* stateright identifies.                                                   *)
(*                                                                         *)
(* A leaf (docs/threat-model.md, "Who holds each leaf") is an integer: the  *)
(* uid it is labelled with, negated when the server holds its keys         *)
(* (model/src/leaf.rs).  Ops, committers and pending adds are leaves.      *)
(*                                                                         *)
(* Every value kind has ONE record shape, so TLC never compares records of  *)
(* different domains:                                                       *)
(*   - an op is [kind |-> "Add", uid |-> leaf, uids |-> {}]                 *)
(*           or [kind |-> "Remove", uid |-> 0, uids |-> S]                  *)
(*           or [kind |-> "Update", uid |-> 0, uids |-> S] (healing);       *)
(*   - an epoch node is [root |-> r, path |-> <<[committer, op], ...>>],    *)
(*     its number is Len(path); NoGroup is [root |-> 0, path |-> <<>>];     *)
(*   - a log entry is [kind, from, to, uid, epoch] with unused fields at 0  *)
(*     and NoGroup; the op of a Commit is the last step of its epoch; a     *)
(*     Joined's uid is a leaf; a Garbage entry keeps its number in uid;     *)
(*   - a user is [alive, cursor, group, before_me, left_seen, pending_adds, *)
(*     pending_removes, outbox, failed, removed, pending_updates,         *)
(*     update_due]; cursor is 0-based (the next entry                      *)
(*     to read is log[cursor + 1]).  A user who has left is forgotten: it   *)
(*     is the constant LeftUser, like Rust's User::Left.                    *)
(*                                                                         *)
(* Bounded runs end in states with no successor, which are not errors: run  *)
(* TLC with -deadlock (disable the deadlock check), e.g.                    *)
(*   java -cp tla2tools.jar tlc2.TLC -deadlock -workers 1                   *)
(*        -config orange-u3-l1.cfg DC.tla                                   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Profile,    \* the algorithm variant: "orange" (docs/protocol.md, "Profiles")
    MaxUsers,   \* total number of users, founder included
    MaxLeaves,  \* maximum number of Leave steps
    Attacks,    \* the hostile server's budget of steps (0: an honest server)
    Compromises \* how many users' states the attacker may steal (docs/pcs.md)

ASSUME Profile \in {"orange", "fixed", "guarded", "healing"}
ASSUME MaxUsers \in Nat \ {0}
ASSUME MaxLeaves \in Nat
ASSUME Attacks \in Nat
ASSUME Compromises \in Nat

\* Whether members refresh their leaves with Update proposals (profile.rs's
\* `updates`; the profile section below has the rest of "healing").
Updates == Profile = "healing"

VARIABLES log, users, attacks_used, failed_under_attack, stolen

vars == <<log, users, attacks_used, failed_under_attack, stolen>>

-----------------------------------------------------------------------------
(* Ops and epoch nodes (model/src/epoch.rs).                               *)

\* A leaf's uid label, and the leaf's holder.
Abs(x) == IF x < 0 THEN -x ELSE x
ByServer(leaf) == leaf < 0

AddOp(leaf)  == [kind |-> "Add", uid |-> leaf, uids |-> {}]
RemoveOp(vs) == [kind |-> "Remove", uid |-> 0, uids |-> vs]
\* A commit of the Update proposals of vs (healing; docs/pcs.md).
UpdateOp(vs) == [kind |-> "Update", uid |-> 0, uids |-> vs]

NoGroup == [root |-> 0, path |-> <<>>]

RootEpoch(founder) == [root |-> founder, path |-> <<>>]

Number(e) == Len(e.path)

\* The node that a commit by c with op creates on top of e.
Child(e, c, op) == [root |-> e.root,
                    path |-> Append(e.path, [committer |-> c, op |-> op])]

\* Whether p is e's parent.
IsChildOf(e, p) == /\ e.root = p.root
                   /\ Len(e.path) = Len(p.path) + 1
                   /\ SubSeq(e.path, 1, Len(p.path)) = p.path

\* The parent's number (-1 for a root, which no Commit entry has).
ParentNumber(e) == Len(e.path) - 1

LastStep(e) == e.path[Len(e.path)]

\* The leaves after op, as <<users' uids, labels of the server's leaves>>;
\* a Remove takes every leaf labelled with one of its uids.
ApplyOp(ls, op) ==
    CASE op.kind = "Add" ->
            IF ByServer(op.uid) THEN <<ls[1], ls[2] \cup {-op.uid}>>
                                ELSE <<ls[1] \cup {op.uid}, ls[2]>>
      [] op.kind = "Remove" -> <<ls[1] \ op.uids, ls[2] \ op.uids>>
      [] op.kind = "Update" -> ls

RECURSIVE LeavesOf(_, _)
LeavesOf(ls, path) == IF path = <<>> THEN ls
                      ELSE LeavesOf(ApplyOp(ls, Head(path).op), Tail(path))

\* The leaves of node e by holder (Epoch::leaves): the founder, then each
\* Add and Remove on the way.
Leaves(e) == LeavesOf(<<{e.root}, {}>>, e.path)
UserLeaves(e) == Leaves(e)[1]
ServerLeaves(e) == Leaves(e)[2]

\* The members at node e, as the uids their leaves are labelled with.
Roster(e) == LET ls == Leaves(e) IN ls[1] \cup ls[2]

\* The node made by the first k commits on the way to e.
Prefix(e, k) == [root |-> e.root, path |-> SubSeq(e.path, 1, k)]

-----------------------------------------------------------------------------
(* Log entries (model/src/log.rs).                                         *)

JoinedEntry(v) ==
    [kind |-> "Joined", from |-> 0, to |-> 0, uid |-> v, epoch |-> NoGroup]
LeftEntry(v) ==
    [kind |-> "Left", from |-> 0, to |-> 0, uid |-> v, epoch |-> NoGroup]
WelcomeEntry(f, t, e) ==
    [kind |-> "Welcome", from |-> f, to |-> t, uid |-> 0, epoch |-> e]
CommitEntry(f, e) ==
    [kind |-> "Commit", from |-> f, to |-> 0, uid |-> 0, epoch |-> e]
\* A commit on top of epoch number n that no key opens (only the server's).
GarbageEntry(n) ==
    [kind |-> "Garbage", from |-> 0, to |-> 0, uid |-> n, epoch |-> NoGroup]
\* f's Update proposal for epoch e (healing; docs/pcs.md).
ProposeEntry(f, e) ==
    [kind |-> "Propose", from |-> f, to |-> 0, uid |-> 0, epoch |-> e]

\* The op of a Commit entry: the last step of its epoch.
CommitOp(entry) == LastStep(entry.epoch).op

IsAddOf(entry, v) == /\ entry.kind = "Commit"
                     /\ CommitOp(entry).kind = "Add"
                     /\ Abs(CommitOp(entry).uid) = v

-----------------------------------------------------------------------------
(* Users (model/src/user.rs, state.rs).                                    *)

\* A user with no group yet, reading from cursor.
Joiner(cursor) == [alive |-> TRUE, cursor |-> cursor, group |-> NoGroup,
                   before_me |-> {}, left_seen |-> {},
                   pending_adds |-> <<>>, pending_removes |-> <<>>,
                   outbox |-> <<>>, failed |-> FALSE, removed |-> FALSE,
                   pending_updates |-> {}, update_due |-> FALSE]

\* A user that founds a group of its own at epoch 0.
Founder(uid, cursor) == [Joiner(cursor) EXCEPT !.group = RootEpoch(uid)]

\* A user who has left: forgotten, only "left" remains.
LeftUser == [alive |-> FALSE, cursor |-> 0, group |-> NoGroup,
             before_me |-> {}, left_seen |-> {},
             pending_adds |-> <<>>, pending_removes |-> <<>>,
             outbox |-> <<>>, failed |-> FALSE, removed |-> FALSE,
             pending_updates |-> {}, update_due |-> FALSE]

Uids == 1..Len(users)

Alive == {u \in Uids : users[u].alive}

LeftCount == Cardinality(Uids \ Alive)

HasGroup(l) == l.group /= NoGroup

\* It still takes steps: neither failed nor removed from its group.
Active(l) == ~l.failed /\ ~l.removed

\* The uids of its pending adds.
PendingAddUids(l) == {Abs(l.pending_adds[i]) : i \in DOMAIN l.pending_adds}

\* It has a group and everyone who was there before it has left.
BelievesDC(l) == HasGroup(l) /\ l.before_me \subseteq l.left_seen

\* An alive user can take a step of its own: active, something to read or send.
CanAct(l) == Active(l) /\ (l.cursor < Len(log) \/ l.outbox /= <<>>)

\* A quiescent state where at least one user is alive.
AtQuiescence == /\ Alive /= {}
                /\ \A u \in Alive : ~CanAct(users[u])

SeqToSet(s) == {s[i] : i \in DOMAIN s}

\* s without the elements in S, order kept (Rust's retain).
Without(s, S) == LET Keep(x) == x \notin S IN SelectSeq(s, Keep)

-----------------------------------------------------------------------------
(* Commit pendings (model/src/commit_pendings.rs), the same under every    *)
(* profile: each pending add as Welcome(v) then Commit(Add(v)) in arrival  *)
(* order, then one Remove of the pending removes in the roster after those *)
(* adds (none if empty); both lists emptied.  Run by u, which believes it  *)
(* is DC, on its local state l.                                            *)

CommitPendings(u, l) ==
    LET pa       == l.pending_adds
        k        == Len(pa)
        \* healing: with a membership change to commit, the Update proposals
        \* it holds go first (valid only in this epoch).
        changes  == k > 0 \/ SeqToSet(l.pending_removes) \cap Roster(l.group) /= {}
        upd      == Updates /\ changes /\ l.pending_updates /= {}
        base     == IF upd THEN Child(l.group, u, UpdateOp(l.pending_updates))
                    ELSE l.group
        updMsgs  == IF upd THEN <<CommitEntry(u, base)>> ELSE <<>>
        addSteps == [i \in 1..k |-> [committer |-> u, op |-> AddOp(pa[i])]]
        E(i)     == [root |-> base.root,
                     path |-> base.path \o SubSeq(addSteps, 1, i)]
        addMsgs  == [j \in 1..(2 * k) |->
                        IF j % 2 = 1
                        THEN WelcomeEntry(u, Abs(pa[(j + 1) \div 2]), E((j + 1) \div 2))
                        ELSE CommitEntry(u, E(j \div 2))]
        afterAdds == E(k)
        removed  == SeqToSet(l.pending_removes) \cap Roster(afterAdds)
        final    == IF removed = {} THEN afterAdds
                    ELSE Child(afterAdds, u, RemoveOp(removed))
        rmMsgs   == IF removed = {} THEN <<>> ELSE <<CommitEntry(u, final)>>
    IN  [l EXCEPT !.outbox          = @ \o updMsgs \o addMsgs \o rmMsgs,
                  !.pending_adds    = <<>>,
                  !.pending_removes = <<>>,
                  !.pending_updates = {},
                  \* every commit of the DC carries a path: its leaf is fresh
                  !.update_due      = IF Number(final) > Number(l.group) THEN FALSE ELSE @,
                  !.group           = final]

-----------------------------------------------------------------------------
(* Profiles (model/src/profile.rs): a new profile is one more CASE arm in  *)
(* each of the operators below. "fixed" (docs/fixed.md) sends an Add's      *)
(* Welcome and commit together, tells a joiner who is in the room, and lets *)
(* a user without a group found one once everyone before it has left.      *)
(* "healing" (docs/pcs.md) is "fixed" whose members refresh their leaves  *)
(* with Update proposals that the DC commits before its next membership   *)
(* commit (Updates, RefreshAfterCommit, CommitPendings).                  *)
(* "guarded" (docs/guarded.md) is "fixed" hardened against a hostile       *)
(* server: it differs only on entries an honest server never writes (the   *)
(* last three operators), so with an honest server it takes exactly       *)
(* "fixed"'s steps.                                                         *)

\* The elements of a finite set of integers in increasing order.
RECURSIVE SortedSeq(_)
SortedSeq(S) == IF S = {} THEN <<>>
                ELSE LET m == CHOOSE x \in S : \A y \in S : x <= y
                     IN  <<m>> \o SortedSeq(S \ {m})

\* Join: what the joiner knows of the room, its initial before_me.
RoomAtJoin(alive) ==
    CASE Profile = "orange" -> {}
      [] Profile \in {"fixed", "guarded", "healing"} -> alive

\* Send: how many entries from the head of an outbox enter the log together.
SendLen(ob) ==
    IF Profile \in {"fixed", "guarded", "healing"} /\ Len(ob) >= 2 /\ ob[1].kind = "Welcome" /\ ob[2].kind = "Commit"
    THEN 2 ELSE 1

\* Read of Left(v): whether v goes into pending_removes.
RecordsLeave(l, v) ==
    CASE Profile = "orange" -> TRUE
      [] Profile \in {"fixed", "guarded", "healing"} -> ~HasGroup(l) \/ v \in Roster(l.group)
                                            \/ v \in PendingAddUids(l)

\* Read of a Welcome: before_me from what it knew of the room and the
\* members before it in the epoch it joins.
BeforeMeOnWelcome(room, earlier) ==
    CASE Profile = "orange" -> earlier
      [] Profile \in {"fixed", "guarded", "healing"} -> earlier \cap room

\* Read of a Welcome into an epoch with this roster, where gone are members
\* who left before the user joined: pending lists keep what the epoch needs,
\* and the members gone before it came are to be removed.
OnWelcomed(l, roster, gone) ==
    CASE Profile = "orange" -> l
      [] Profile \in {"fixed", "guarded", "healing"} ->
            LET NotMember(a) == Abs(a) \notin roster
                pa == SelectSeq(l.pending_adds, NotMember)
                Keep(v) == v \in roster \/ v \in {Abs(pa[i]) : i \in DOMAIN pa}
                pr == SelectSeq(l.pending_removes, Keep)
            IN  [l EXCEPT !.pending_adds = pa,
                          !.pending_removes = pr \o SortedSeq(gone \ SeqToSet(pr))]

\* After a Read of a Joined or Left: whether a user with no group founds one.
Refounds(l) ==
    CASE Profile = "orange" -> FALSE
      [] Profile \in {"fixed", "guarded", "healing"} -> ~HasGroup(l) /\ l.before_me \subseteq l.left_seen

\* Read of a commit on the reader's epoch number that it cannot open (a
\* fork, or the server's garbage): orange's client stops (it panics) and
\* fixed keeps that; guarded ignores it and stays in its epoch.
OnUnreadableCommit(l) ==
    CASE Profile \in {"orange", "fixed", "healing"} -> [l EXCEPT !.failed = TRUE]
      [] Profile = "guarded" -> l

\* Read of a Left announcing the reader itself (only the server writes
\* one): orange's client stops ("cannot remove self"); guarded ignores it.
OnLeftSelf(l) ==
    CASE Profile \in {"orange", "fixed", "healing"} -> [l EXCEPT !.failed = TRUE]
      [] Profile = "guarded" -> l

\* Read of a commit removing the reader while it is present (it is marked
\* removed already): orange's client also fails; guarded says so on screen.
OnRemoved(l) ==
    CASE Profile \in {"orange", "fixed", "healing"} -> [l EXCEPT !.failed = TRUE]
      [] Profile = "guarded" -> l

\* After u applied someone else's commit with op (steps.rs,
\* after_commit_applied): under healing a membership change makes it due,
\* and it proposes an Update for its new epoch; an Update of its own
\* committed makes it not due; other Updates start nothing.
RefreshAfterCommit(u, l, op) ==
    IF ~Updates THEN l
    ELSE CASE op.kind = "Update" /\ u \in op.uids -> [l EXCEPT !.update_due = FALSE]
           [] op.kind = "Update" -> l
           [] OTHER -> [l EXCEPT !.update_due = TRUE,
                                 !.outbox = Append(@, ProposeEntry(u, l.group))]

-----------------------------------------------------------------------------
(* Reading one entry (model/src/steps.rs, apply_entry and process).         *)

\* Rule 3 for a Commit: move to its node, drop what it added or removed.
ApplyCommit(u, l, entry) ==
    LET op == CommitOp(entry)
        NotAdded(a) == Abs(a) /= Abs(op.uid)
        applied ==
            CASE op.kind = "Add" ->
                    [l EXCEPT !.pending_adds = SelectSeq(@, NotAdded),
                              !.group = entry.epoch]
              [] op.kind = "Remove" ->
                    [l EXCEPT !.pending_removes = Without(@, op.uids),
                              !.group = entry.epoch]
              [] op.kind = "Update" -> [l EXCEPT !.group = entry.epoch]
    \* The proposals it held were for the parent epoch.
    IN  RefreshAfterCommit(u, [applied EXCEPT !.pending_updates = {}], op)

\* The effect on u's local state l of reading entry, before commit pendings.
ApplyEntry(u, l, entry) ==
    CASE entry.kind = "Joined" ->
            \* It ignores a Joined in its own name (only the server's).
            IF Abs(entry.uid) /= u
            THEN [l EXCEPT !.pending_adds = Append(@, entry.uid)]
            ELSE l
      [] entry.kind = "Left" /\ entry.uid = u -> OnLeftSelf(l)
      [] entry.kind = "Left" /\ entry.uid /= u ->
            [l EXCEPT !.pending_removes = IF RecordsLeave(l, entry.uid)
                                          THEN Append(@, entry.uid) ELSE @,
                      !.left_seen = @ \cup {entry.uid},
                      \* a leaver's Update proposal is not worth a commit
                      !.pending_updates = @ \ {entry.uid}]
      [] entry.kind = "Welcome" ->
            IF entry.to /= u THEN l
            ELSE IF HasGroup(l)
                 THEN l    \* a second Welcome: its KeyPackage was consumed; ignored
            \* Only a Welcome for its own KeyPackage opens (not one the
            \* server made for its own leaf labelled u).
            ELSE IF CommitOp(entry) /= AddOp(u)
                 THEN l
            ELSE LET roster  == Roster(entry.epoch)
                     earlier == roster \ {u}
                     bm      == BeforeMeOnWelcome(l.before_me, earlier)
                 IN  OnWelcomed([l EXCEPT !.before_me = bm,
                                          !.group = entry.epoch],
                                roster, earlier \ bm)
      [] entry.kind = "Commit" ->
            IF entry.from = u THEN l                          \* rule 1
            ELSE IF ~HasGroup(l) THEN l                       \* rule 2
            ELSE IF IsChildOf(entry.epoch, l.group)
                 THEN IF u \notin UserLeaves(entry.epoch)
                      \* rule 3 for a commit removing the reader, who is
                      \* present: only a hostile server brings it about
                      THEN OnRemoved([l EXCEPT !.removed = TRUE])
                      ELSE ApplyCommit(u, l, entry)           \* rule 3
            ELSE IF ParentNumber(entry.epoch) /= Number(l.group)
                 THEN l                                       \* rule 4
            ELSE OnUnreadableCommit(l)                        \* rule 5: a fork
      [] entry.kind = "Propose" ->
            \* The DC records a valid one (for its epoch, from someone else
            \* still in the room); it waits for its next membership commit.
            IF /\ Updates /\ l.group = entry.epoch /\ entry.from /= u
               /\ entry.from \notin l.left_seen /\ BelievesDC(l)
            THEN [l EXCEPT !.pending_updates = @ \cup {entry.from}]
            ELSE l
      [] entry.kind = "Garbage" ->
            \* Nothing tells a commit no key opens from a fork's.
            IF HasGroup(l) /\ Number(l.group) = entry.uid
            THEN OnUnreadableCommit(l)
            ELSE l

\* Whether entry is news of someone other than u: only such news may make
\* u found a group or run commit pendings.
MembershipNews(u, entry) ==
    \/ entry.kind = "Joined" /\ Abs(entry.uid) /= u
    \/ entry.kind = "Left" /\ entry.uid /= u

\* What u does with entry when it is given it (by Read, or out of turn by a
\* hostile server): apply it, then found a group or run commit pendings
\* where the rules say so.  The cursor is the caller's business.
Process(u, l, entry) ==
    IF ~Active(l) THEN l    \* failed or removed by an earlier entry of the same delivery
    ELSE LET l0 == ApplyEntry(u, l, entry)
             news == Active(l0) /\ MembershipNews(u, entry)
             l1 == IF news /\ Refounds(l0)
                   THEN [l0 EXCEPT !.group = RootEpoch(u)]
                   ELSE l0
         IN  IF news /\ BelievesDC(l1) THEN CommitPendings(u, l1) ELSE l1

-----------------------------------------------------------------------------
(* Initial state and steps, in the order of the model's Action enum.       *)

\* User 1 has founded the room: a member at epoch 0, reading from position 0.
Init == /\ log = <<>>
        /\ users = <<Founder(1, 0)>>
        /\ attacks_used = 0
        /\ failed_under_attack = {}
        /\ stolen = <<>>

\* Users that fail once the server has taken a step are counted against it
\* (steps.rs, note_failures_under_attack); with an honest server nothing is.
\* Every step ends with this, after log', users' and attacks_used'.
NoteFailures ==
    failed_under_attack' =
        IF attacks_used' = 0 THEN failed_under_attack
        ELSE failed_under_attack \cup
                {u \in 1..Len(users') :
                    /\ users'[u].alive /\ users'[u].failed
                    /\ ~(u \in Uids /\ users[u].alive /\ users[u].failed)}

\* The honest steps leave the budget alone.
HonestStep == UNCHANGED <<attacks_used, stolen>> /\ NoteFailures

\* docs/protocol.md "Steps", Join: the next uid joins and Joined(uid) is appended; it reads from right after its own entry and founds a new group if nobody is alive.
Join ==
    /\ Len(users) < MaxUsers
    /\ LET uid    == Len(users) + 1
           cursor == Len(log) + 1
       IN  /\ log' = Append(log, JoinedEntry(uid))
           /\ users' = Append(users, IF Alive = {} THEN Founder(uid, cursor)
                                                   ELSE [Joiner(cursor) EXCEPT !.before_me = RoomAtJoin(Alive)])
    /\ HonestStep

\* docs/protocol.md "Steps", Leave(u): an alive (possibly failed) user leaves, Left(u) is appended and its outbox is lost with it.
Leave(u) ==
    /\ LeftCount < MaxLeaves
    /\ users[u].alive
    /\ log' = Append(log, LeftEntry(u))
    /\ users' = [users EXCEPT ![u] = LeftUser]
    /\ HonestStep

\* docs/protocol.md "Steps", Read(u): u processes the entry at its cursor (rules for Joined, Left, Welcome and Commit rules 1-5) and advances; after news of someone else it founds a group if the profile says so, then runs commit pendings if it now believes it is DC.
Read(u) ==
    /\ users[u].alive
    /\ Active(users[u])
    /\ users[u].cursor < Len(log)
    /\ LET l == [users[u] EXCEPT !.cursor = @ + 1]
       IN  users' = [users EXCEPT ![u] = Process(u, l, log[users[u].cursor + 1])]
    /\ UNCHANGED log
    /\ HonestStep

\* docs/protocol.md "Steps", Send(u): the head of u's outbox is appended to the log (under fixed, an Add's Welcome with its commit).
Send(u) ==
    /\ users[u].alive
    /\ Active(users[u])
    /\ users[u].outbox /= <<>>
    /\ LET ob == users[u].outbox
           n  == SendLen(ob)
       IN  /\ log' = log \o SubSeq(ob, 1, n)
           /\ users' = [users EXCEPT ![u].outbox = SubSeq(ob, n + 1, Len(ob))]
    /\ HonestStep

-----------------------------------------------------------------------------
(* The hostile server's steps (docs/threat-model.md, "The server's steps";  *)
(* model/src/server_steps.rs for the effects, DcModel::server_step_fits in *)
(* model/src/model.rs for the guards).  Each spends one step of the budget. *)

\* Whether the server holds the secrets of node e (server_steps.rs,
\* server_reads): it has a leaf there, and the log has let it in: a Welcome
\* for one of its leaves into e or an ancestor, then every commit from there
\* down to e.
WelcomedServerInto(a) ==
    \E i \in 1..Len(log) : /\ log[i].kind = "Welcome"
                           /\ log[i].epoch = a
                           /\ ByServer(CommitOp(log[i]).uid)
CommitLogged(a) ==
    \E i \in 1..Len(log) : log[i].kind = "Commit" /\ log[i].epoch = a
\* (Written as a set, not with \E: in an action's guard TLC makes one
\* successor per witness of an \E, which would count a step more than once.)
ServerReads(e) ==
    /\ ServerLeaves(e) /= {}
    /\ {k \in 0..Len(e.path) :
           /\ WelcomedServerInto(Prefix(e, k))
           /\ \A j \in (k + 1)..Len(e.path) : CommitLogged(Prefix(e, j))} /= {}

\* The leaf the server commits from in node e: its leaf with the lowest label.
ServerLeaf(e) == CHOOSE v \in ServerLeaves(e) : \A w \in ServerLeaves(e) : v <= w

\* u is alive and still takes steps.
ActiveUser(u) == u \in Uids /\ users[u].alive /\ Active(users[u])

\* The node user at holds, where the server reads and so can commit.
ServerCanCommitAt(at) ==
    /\ ActiveUser(at)
    /\ HasGroup(users[at])
    /\ ServerReads(users[at].group)

ServerBudget == attacks_used < Attacks

\* A server step: the budget is spent, then the failures noted.
ServerStep == attacks_used' = attacks_used + 1 /\ UNCHANGED stolen /\ NoteFailures

\* u's cursor moves past the entry at it: u never reads that entry.
Withhold(u) ==
    /\ ServerBudget
    /\ ActiveUser(u)
    /\ users[u].cursor < Len(log)
    /\ users' = [users EXCEPT ![u].cursor = @ + 1]
    /\ UNCHANGED log
    /\ ServerStep

\* u reads the two entries at its cursor in swapped order, in one step.
Reorder(u) ==
    /\ ServerBudget
    /\ ActiveUser(u)
    /\ users[u].cursor + 1 < Len(log)
    /\ LET c  == users[u].cursor
           l0 == [users[u] EXCEPT !.cursor = @ + 2]
           l1 == Process(u, l0, log[c + 2])
       IN  users' = [users EXCEPT ![u] = Process(u, l1, log[c + 1])]
    /\ UNCHANGED log
    /\ ServerStep

\* u reads log position at (0-based: a Welcome or a commit before its
\* cursor) again.
Redeliver(u, at) ==
    /\ ServerBudget
    /\ ActiveUser(u)
    /\ at < users[u].cursor
    /\ log[at + 1].kind \in {"Welcome", "Commit", "Garbage"}
    /\ users' = [users EXCEPT ![u] = Process(u, users[u], log[at + 1])]
    /\ UNCHANGED log
    /\ ServerStep

\* Left(v) is appended while v is still in the room.
FalseLeft(v) ==
    /\ ServerBudget
    /\ v \in Uids /\ users[v].alive
    /\ \A i \in 1..Len(log) : log[i] /= LeftEntry(v)
    /\ log' = Append(log, LeftEntry(v))
    /\ UNCHANGED users
    /\ ServerStep

\* Joined(v) is appended with a KeyPackage whose private keys the server holds.
ServerJoin(v) ==
    /\ ServerBudget
    /\ log' = Append(log, JoinedEntry(-v))
    /\ UNCHANGED users
    /\ ServerStep

\* The epoch numbers active members hold: where garbage can land.
HeldNumbers == {Number(users[u].group) : u \in {w \in Uids : ActiveUser(w) /\ HasGroup(users[w])}}

\* A commit that no key opens is appended, on top of epoch number n (one an
\* active member holds; a set, not an \E, for the reason ServerReads gives).
Garbage(n) ==
    /\ ServerBudget
    /\ n \in HeldNumbers
    /\ log' = Append(log, GarbageEntry(n))
    /\ UNCHANGED users
    /\ ServerStep

\* From its leaf in the node user at holds, the server commits Remove({v})
\* (not of that leaf's own label: MLS forbids removing oneself).
ServerRemove(at, v) ==
    /\ ServerBudget
    /\ ServerCanCommitAt(at)
    /\ LET g == users[at].group
           s == ServerLeaf(g)
       IN  /\ v \in Roster(g)
           /\ v /= s
           /\ log' = Append(log, CommitEntry(s, Child(g, -s, RemoveOp({v}))))
    /\ UNCHANGED users
    /\ ServerStep

\* From its leaf in the node user at holds, the server adds the joiner v
\* (with the KeyPackage of v's own Joined): a Welcome and its commit.
ServerAdd(at, v) ==
    /\ ServerBudget
    /\ ServerCanCommitAt(at)
    /\ LET g == users[at].group
           s == ServerLeaf(g)
           e == Child(g, -s, AddOp(v))
       IN  /\ v \notin Roster(g)
           /\ ActiveUser(v)
           /\ ~HasGroup(users[v])
           /\ log' = log \o <<WelcomeEntry(s, v, e), CommitEntry(s, e)>>
    /\ UNCHANGED users
    /\ ServerStep

-----------------------------------------------------------------------------
(* A compromised member (model/src/compromise.rs; docs/pcs.md).             *)

\* Compromise(u): the attacker copies u's whole state. A member due to
\* refresh proposed for the node it holds if a membership commit made it:
\* the copy then holds that proposal's new leaf key too.
Compromise(u) ==
    /\ Len(stolen) < Compromises
    /\ u \in Alive /\ Active(users[u])
    /\ \A i \in DOMAIN stolen : stolen[i].of /= u
    /\ LET l == users[u]
           membershipNode ==
               /\ Number(l.group) > 0
               /\ LastStep(l.group).committer /= u
               /\ LastStep(l.group).op.kind \in {"Add", "Remove"}
       IN  stolen' = Append(stolen, [of |-> u, cursor |-> l.cursor, group |-> l.group,
                                     knows_update |-> l.update_due /\ membershipNode])
    /\ UNCHANGED <<log, users, attacks_used, failed_under_attack>>

\* Whether the copy of u's state, holding child's parent, can process the
\* commit that made child (RFC 9420's key schedule: every commit here has an
\* UpdatePath; one that replaces or blanks u's leaf encrypts nothing to a
\* key the copy holds). known: the copy holds the key of u's Update
\* proposal for that parent.
KeepsReading(u, child, known) ==
    LET st == LastStep(child)
    IN  /\ st.committer /= u
        /\ ~(st.op.kind = "Update" /\ u \in st.op.uids /\ ~known)
        /\ u \in UserLeaves(child)

\* The nodes copy s reads from log position i on, holding held, having read
\* read: like u's client it follows the first commit on its node and
\* ignores others; once shut out it reads nothing more.
RECURSIVE Follow(_, _, _, _)
Follow(s, held, read, i) ==
    IF i > Len(log) THEN read
    ELSE LET e == log[i]
         IN  IF /\ e.kind = "Welcome" /\ held = NoGroup /\ e.to = s.of
                /\ CommitOp(e) = AddOp(s.of)
             THEN Follow(s, e.epoch, Append(read, e.epoch), i + 1)
             ELSE IF e.kind = "Commit" /\ held /= NoGroup /\ IsChildOf(e.epoch, held)
             THEN IF KeepsReading(s.of, e.epoch, s.knows_update /\ held = s.group)
                  THEN Follow(s, e.epoch, Append(read, e.epoch), i + 1)
                  ELSE read
             ELSE Follow(s, held, read, i + 1)

\* The epoch nodes stolen copy s reads, in order (Stolen::nodes_read).
NodesRead(s) ==
    Follow(s, s.group, IF s.group = NoGroup THEN <<>> ELSE <<s.group>>, s.cursor + 1)

\* One disjunct per step kind, so that TLC names each step of a trace after
\* its action (e.g. "<Read line ...>"); u is then the user whose state changed.
Next == \/ Join
        \/ \E u \in Uids : Leave(u)
        \/ \E u \in Uids : Read(u)
        \/ \E u \in Uids : Send(u)
        \/ \E u \in Uids : Withhold(u)
        \/ \E u \in Uids : Reorder(u)
        \/ \E u \in Uids : \E at \in 0..(Len(log) - 1) : Redeliver(u, at)
        \/ \E v \in Uids : FalseLeft(v)
        \/ \E v \in 1..MaxUsers : ServerJoin(v)
        \/ \E n \in HeldNumbers : Garbage(n)
        \/ \E at \in Uids : \E v \in 1..MaxUsers : ServerRemove(at, v)
        \/ \E at \in Uids : \E v \in 1..MaxUsers : ServerAdd(at, v)
        \/ \E u \in Uids : Compromise(u)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties (model/src/properties.rs), in docs/protocol.md's order.      *)

\* At most one alive user believes it is DC.
AtMostOneCommitter ==
    Cardinality({u \in Alive : BelievesDC(users[u])}) <= 1

\* Every Commit(Add(v)) is preceded by a Welcome for v from the same
\* committer into the same epoch.
WelcomeBeforeAdd ==
    \A i \in 1..Len(log) :
        (log[i].kind = "Commit" /\ CommitOp(log[i]).kind = "Add")
            => \E j \in 1..(i - 1) :
                    /\ log[j].kind = "Welcome"
                    /\ log[j].from = log[i].from
                    /\ log[j].to = Abs(CommitOp(log[i]).uid)
                    /\ log[j].epoch = log[i].epoch

\* No uid is the target of two Adds in the log, nor of two Removes.
UniqueAddRemove ==
    \A i, j \in 1..Len(log) :
        (i < j /\ log[i].kind = "Commit" /\ log[j].kind = "Commit")
            => LET a == CommitOp(log[i])
                   b == CommitOp(log[j])
               IN  /\ (a.kind = "Add" /\ b.kind = "Add") => Abs(a.uid) /= Abs(b.uid)
                   /\ (a.kind = "Remove" /\ b.kind = "Remove")
                          => a.uids \cap b.uids = {}

\* Within each group (root), commit epoch numbers strictly increase in log order.
EpochsIncrease ==
    \A i, j \in 1..Len(log) :
        (/\ i < j
         /\ log[i].kind = "Commit" /\ log[j].kind = "Commit"
         /\ log[i].epoch.root = log[j].epoch.root)
            => Number(log[i].epoch) < Number(log[j].epoch)

NoDuplicates(s) == \A i, j \in DOMAIN s : i /= j => s[i] /= s[j]

\* No user's pending lists hold a uid twice (pending adds by their labels).
UniquePendings ==
    \A u \in Alive : /\ Cardinality(PendingAddUids(users[u])) = Len(users[u].pending_adds)
                     /\ NoDuplicates(users[u].pending_removes)

\* Every alive user has a group.
AllAdmitted ==
    AtQuiescence => \A u \in Alive : HasGroup(users[u])

\* All alive users with a group hold the same epoch node.
OneEpoch ==
    AtQuiescence =>
        \A u, v \in Alive :
            (HasGroup(users[u]) /\ HasGroup(users[v]))
                => users[u].group = users[v].group

\* Every epoch node held by an alive user has exactly the alive users as roster.
RosterIsRoom ==
    AtQuiescence =>
        \A u \in Alive : HasGroup(users[u]) => Roster(users[u].group) = Alive

\* If some alive, not failed user has a group, exactly one such user believes it is DC.
OneCommitter ==
    AtQuiescence =>
        LET members == {u \in Alive : ~users[u].failed /\ HasGroup(users[u])}
        IN  members /= {} =>
                Cardinality({u \in members : BelievesDC(users[u])}) = 1

\* No alive user has pending adds or removes.
NothingPending ==
    AtQuiescence =>
        \A u \in Alive : /\ users[u].pending_adds = <<>>
                         /\ users[u].pending_removes = <<>>

\* No alive user has failed.
NoFailure ==
    AtQuiescence => \A u \in Alive : ~users[u].failed

\* Every Joined(v) of an alive v that did not found a group (its group's
\* root is not itself) is followed by a Welcome for v.
JoinsWelcomed ==
    AtQuiescence =>
        \A i \in 1..Len(log) :
            (log[i].kind = "Joined"
             /\ Abs(log[i].uid) \in Uids /\ users[Abs(log[i].uid)].alive)
                => LET v == Abs(log[i].uid) IN
                   \/ HasGroup(users[v]) /\ users[v].group.root = v
                   \/ \E j \in (i + 1)..Len(log) :
                          log[j].kind = "Welcome" /\ log[j].to = v

\* Every Welcome whose target is alive is followed by an Add for it.
WelcomesAdded ==
    AtQuiescence =>
        \A i \in 1..Len(log) :
            (log[i].kind = "Welcome" /\ users[log[i].to].alive)
                => \E j \in (i + 1)..Len(log) : IsAddOf(log[j], log[i].to)

-----------------------------------------------------------------------------
(* What a person sees (model/src/display.rs, docs/threat-model.md "What a   *)
(* person sees").  Every profile shows the safety number of the member's   *)
(* epoch node (two nodes show different numbers), so the node stands for   *)
(* the number.  orange (as deployed) and fixed show nothing else: no MLS    *)
(* roster, no failure.  guarded also lists the roster's leaves by name and *)
(* says when its client failed, was removed or is not in the encrypted     *)
(* call.                                                                    *)

ShowsRoster == Profile = "guarded"

\* l's app says it is in trouble.
ShowsTrouble(l) == Profile = "guarded" /\ (~Active(l) \/ ~HasGroup(l))

-----------------------------------------------------------------------------
(* Security properties against a hostile server (model/src/security.rs,   *)
(* docs/threat-model.md "Security properties"), checked when Attacks > 0.  *)
(* Honest members are the alive users with a group that still take steps. *)
(* Claims about the whole room are made at quiescence: the server can     *)
(* always stop delivering, so none promises progress.                      *)

HonestMembers == {u \in Alive : Active(users[u]) /\ HasGroup(users[u])}

\* Some honest member's roster, read by names, does not match the people in
\* the call: a name twice (a person's leaf and the server's under the same
\* name), or the name of nobody present.
RosterLooksWrong ==
    \E h \in HonestMembers :
        LET ls == Leaves(users[h].group)
        IN  ls[1] \cap ls[2] /= {} \/ ~(ls[1] \cup ls[2] \subseteq Alive)

\* Something on some alive user's screen gives the server away.
SomethingShows ==
    \/ \E a, b \in HonestMembers : users[a].group /= users[b].group
    \/ \E u \in Alive : ShowsTrouble(users[u])
    \/ ShowsRoster /\ RosterLooksWrong

\* If the server reads an honest member's epoch node, something shows it.
NoSilentEavesdropper ==
    AtQuiescence =>
        ((\E h \in HonestMembers : ServerReads(users[h].group)) => SomethingShows)

\* Honest members in different epoch nodes show different safety numbers
\* (a node's number is the node's, so this holds by the display's design).
SplitVisible ==
    AtQuiescence =>
        \A a, b \in HonestMembers : users[a].group /= users[b].group
                                    => users[a].group /= users[b].group

\* No user has failed since the server's first step.
NoPermanentFailure == \A u \in Alive : u \notin failed_under_attack

\* Alive users u with a group, for whom OnlyFor(u) holds, missing from the
\* user leaves of an honest member w of the same group: <<u, w>>.
DroppedFromOthers(OnlyFor(_)) ==
    {p \in Alive \X HonestMembers :
        LET u == p[1]
            w == p[2]
        IN  /\ HasGroup(users[u]) /\ OnlyFor(u) /\ w /= u
            /\ users[w].group.root = users[u].group.root
            /\ u \notin UserLeaves(users[w].group)}

\* Whether u and w can tell, by comparing screens, that they are not together.
ApartVisible(u, w) ==
    \/ users[u].group /= users[w].group
    \/ ShowsTrouble(users[u])
    \/ ShowsTrouble(users[w])

Announced(u) == \E i \in 1..Len(log) : log[i] = LeftEntry(u)
Anyone(u) == TRUE

\* A present user announced as left and dropped from another member's node
\* can tell from its screen or that member's.
FalseLeftNoticed ==
    AtQuiescence => \A p \in DroppedFromOthers(Announced) : ApartVisible(p[1], p[2])

\* Any present user dropped from another member's node (by a false Left or
\* by the server's own commit) can tell from its screen or that member's.
NoUnseenRemoval ==
    AtQuiescence => \A p \in DroppedFromOthers(Anyone) : ApartVisible(p[1], p[2])

\* No honest member's node holds a server leaf that its screen does not list
\* (RFC 9420 section 16.4; RFC 9750, membership transparency).
NoHiddenMember ==
    ShowsRoster \/ \A h \in HonestMembers : ServerLeaves(users[h].group) = {}

-----------------------------------------------------------------------------
(* Forward secrecy and healing (model/src/pcs.rs; docs/pcs.md), checked     *)
(* when Compromises > 0.                                                    *)

\* Nobody reads an epoch created after its removal: an alive user holds
\* only nodes it is a member of (one the server removed keeps the node it
\* had), and every node a stolen copy reads still has the copied user's leaf.
ForwardSecrecy ==
    /\ \A u \in Alive : users[u].removed \/ ~HasGroup(users[u])
                         \/ u \in UserLeaves(users[u].group)
    /\ \A i \in DOMAIN stolen :
          LET nodes == NodesRead(stolen[i])
          IN  \A k \in DOMAIN nodes : stolen[i].of \in UserLeaves(nodes[k])

\* Whether a commit on the way from base down to node refreshed u's leaf
\* with a key made after the theft (the first one after base excepted when
\* skipFirst: an Update proposed before the theft).
RefreshedBetween(u, base, node, skipFirst) ==
    \E j \in (Number(base) + 1)..Number(node) :
        LET st == node.path[j]
        IN  \/ st.committer = u
            \/ /\ st.op.kind = "Update" /\ u \in st.op.uids
               /\ ~(skipFirst /\ j = Number(base) + 1)

\* Once the copied user's leaf is refreshed after the theft, the copy reads
\* no later epoch.
Healing ==
    \A i \in DOMAIN stolen :
        LET s == stolen[i]
            nodes == NodesRead(s)
        IN  nodes = <<>> \/
            \A k \in DOMAIN nodes :
                ~RefreshedBetween(s.of, nodes[1], nodes[k],
                                  s.knows_update /\ s.group /= NoGroup)
=============================================================================
