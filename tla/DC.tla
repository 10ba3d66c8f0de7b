--------------------------------- MODULE DC ---------------------------------
(***************************************************************************)
(* The designated-committer (DC) protocol of an end-to-end encrypted video  *)
(* room: the reference semantics are docs/protocol.md.  This spec is a      *)
(* transcription, step for step, of the stateright model in model/src/*.rs  *)
(* (state.rs, steps.rs, commit_pendings.rs, profile.rs, properties.rs,      *)
(* model.rs), so that TLC's distinct-state count equals stateright's        *)
(* unique-state count at every bound and every invariant has the same      *)
(* verdict.                                                                 *)
(*                                                                         *)
(* The state is exactly the model's `State { log, users }`:                 *)
(*   - log:   the delivery service's totally ordered log (a sequence of     *)
(*            entries; position p of the Rust log is log[p+1] here);        *)
(*   - users: user u is users[u]; Len(users) uids have been handed out, so  *)
(*            the next joiner is Len(users) + 1.                            *)
(* There is deliberately no other variable (no step counter, no last        *)
(* action): one would split states that stateright identifies.             *)
(*                                                                         *)
(* Every value kind has ONE record shape, so TLC never compares records of  *)
(* different domains:                                                       *)
(*   - an op is [kind |-> "Add", uid |-> v, uids |-> {}]                    *)
(*           or [kind |-> "Remove", uid |-> 0, uids |-> S];                 *)
(*   - an epoch node is [root |-> r, path |-> <<[committer, op], ...>>],    *)
(*     its number is Len(path); NoGroup is [root |-> 0, path |-> <<>>];     *)
(*   - a log entry is [kind, from, to, uid, epoch] with unused fields at 0  *)
(*     and NoGroup; the op of a Commit is the last step of its epoch;       *)
(*   - a user is [alive, cursor, group, before_me, left_seen, pending_adds, *)
(*     pending_removes, outbox, failed]; cursor is 0-based (the next entry  *)
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
    MaxLeaves   \* maximum number of Leave steps

ASSUME Profile \in {"orange", "fixed", "guarded"}
ASSUME MaxUsers \in Nat \ {0}
ASSUME MaxLeaves \in Nat

VARIABLES log, users

vars == <<log, users>>

-----------------------------------------------------------------------------
(* Ops and epoch nodes (model/src/epoch.rs).                               *)

AddOp(v)     == [kind |-> "Add", uid |-> v, uids |-> {}]
RemoveOp(vs) == [kind |-> "Remove", uid |-> 0, uids |-> vs]

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

ApplyOp(r, op) == IF op.kind = "Add" THEN r \cup {op.uid} ELSE r \ op.uids

RECURSIVE RosterOf(_, _)
RosterOf(r, path) == IF path = <<>> THEN r
                     ELSE RosterOf(ApplyOp(r, Head(path).op), Tail(path))

\* The members at node e: the founder, then each Add and Remove on the way.
Roster(e) == RosterOf({e.root}, e.path)

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

\* The op of a Commit entry: the last step of its epoch.
CommitOp(entry) == LastStep(entry.epoch).op

IsAddOf(entry, v) == /\ entry.kind = "Commit"
                     /\ CommitOp(entry).kind = "Add"
                     /\ CommitOp(entry).uid = v

-----------------------------------------------------------------------------
(* Users (model/src/user.rs, state.rs).                                    *)

\* A user with no group yet, reading from cursor.
Joiner(cursor) == [alive |-> TRUE, cursor |-> cursor, group |-> NoGroup,
                   before_me |-> {}, left_seen |-> {},
                   pending_adds |-> <<>>, pending_removes |-> <<>>,
                   outbox |-> <<>>, failed |-> FALSE]

\* A user that founds a group of its own at epoch 0.
Founder(uid, cursor) == [Joiner(cursor) EXCEPT !.group = RootEpoch(uid)]

\* A user who has left: forgotten, only "left" remains.
LeftUser == [alive |-> FALSE, cursor |-> 0, group |-> NoGroup,
             before_me |-> {}, left_seen |-> {},
             pending_adds |-> <<>>, pending_removes |-> <<>>,
             outbox |-> <<>>, failed |-> FALSE]

Uids == 1..Len(users)

Alive == {u \in Uids : users[u].alive}

LeftCount == Cardinality(Uids \ Alive)

HasGroup(l) == l.group /= NoGroup

\* It has a group and everyone who was there before it has left.
BelievesDC(l) == HasGroup(l) /\ l.before_me \subseteq l.left_seen

\* An alive user can take a step of its own: not failed, something to read or send.
CanAct(l) == ~l.failed /\ (l.cursor < Len(log) \/ l.outbox /= <<>>)

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
        addSteps == [i \in 1..k |-> [committer |-> u, op |-> AddOp(pa[i])]]
        E(i)     == [root |-> l.group.root,
                     path |-> l.group.path \o SubSeq(addSteps, 1, i)]
        addMsgs  == [j \in 1..(2 * k) |->
                        IF j % 2 = 1
                        THEN WelcomeEntry(u, pa[(j + 1) \div 2], E((j + 1) \div 2))
                        ELSE CommitEntry(u, E(j \div 2))]
        afterAdds == E(k)
        removed  == SeqToSet(l.pending_removes) \cap Roster(afterAdds)
        final    == IF removed = {} THEN afterAdds
                    ELSE Child(afterAdds, u, RemoveOp(removed))
        rmMsgs   == IF removed = {} THEN <<>> ELSE <<CommitEntry(u, final)>>
    IN  [l EXCEPT !.outbox          = @ \o addMsgs \o rmMsgs,
                  !.pending_adds    = <<>>,
                  !.pending_removes = <<>>,
                  !.group           = final]

-----------------------------------------------------------------------------
(* Profiles (model/src/profile.rs): a new profile is one more CASE arm in  *)
(* each of the operators below. "fixed" (docs/fixed.md) sends an Add's      *)
(* Welcome and commit together, tells a joiner who is in the room, and lets *)
(* a user without a group found one once everyone before it has left.      *)
(* "guarded" (docs/guarded.md) is "fixed" hardened against a hostile       *)
(* server: it differs only on entries an honest server never writes, so    *)
(* here, with an honest server, it takes exactly "fixed"'s steps.          *)

\* The elements of a finite set of integers in increasing order.
RECURSIVE SortedSeq(_)
SortedSeq(S) == IF S = {} THEN <<>>
                ELSE LET m == CHOOSE x \in S : \A y \in S : x <= y
                     IN  <<m>> \o SortedSeq(S \ {m})

\* Join: what the joiner knows of the room, its initial before_me.
RoomAtJoin(alive) ==
    CASE Profile = "orange" -> {}
      [] Profile \in {"fixed", "guarded"} -> alive

\* Send: how many entries from the head of an outbox enter the log together.
SendLen(ob) ==
    IF Profile \in {"fixed", "guarded"} /\ Len(ob) >= 2 /\ ob[1].kind = "Welcome" /\ ob[2].kind = "Commit"
    THEN 2 ELSE 1

\* Read of Left(v): whether v goes into pending_removes.
RecordsLeave(l, v) ==
    CASE Profile = "orange" -> TRUE
      [] Profile \in {"fixed", "guarded"} -> ~HasGroup(l) \/ v \in Roster(l.group)
                                            \/ v \in SeqToSet(l.pending_adds)

\* Read of a Welcome: before_me from what it knew of the room and the
\* members before it in the epoch it joins.
BeforeMeOnWelcome(room, earlier) ==
    CASE Profile = "orange" -> earlier
      [] Profile \in {"fixed", "guarded"} -> earlier \cap room

\* Read of a Welcome into an epoch with this roster, where gone are members
\* who left before the user joined: pending lists keep what the epoch needs,
\* and the members gone before it came are to be removed.
OnWelcomed(l, roster, gone) ==
    CASE Profile = "orange" -> l
      [] Profile \in {"fixed", "guarded"} ->
            LET pa == Without(l.pending_adds, roster)
                Keep(v) == v \in roster \/ v \in SeqToSet(pa)
                pr == SelectSeq(l.pending_removes, Keep)
            IN  [l EXCEPT !.pending_adds = pa,
                          !.pending_removes = pr \o SortedSeq(gone \ SeqToSet(pr))]

\* After a Read of a Joined or Left: whether a user with no group founds one.
Refounds(l) ==
    CASE Profile = "orange" -> FALSE
      [] Profile \in {"fixed", "guarded"} -> ~HasGroup(l) /\ l.before_me \subseteq l.left_seen

-----------------------------------------------------------------------------
(* Reading one entry (model/src/steps.rs, apply_entry).                     *)

\* Whether a Read of this entry may found a group or run commit pendings
\* afterwards: only news of who is in the room can.
MembershipNews(entry) == entry.kind \in {"Joined", "Left"}

\* Rule 3 for a Commit: move to its node, drop what it added or removed.
ApplyCommit(l, entry) ==
    LET op == CommitOp(entry) IN
    IF op.kind = "Add"
    THEN [l EXCEPT !.pending_adds = Without(@, {op.uid}),
                   !.group = entry.epoch]
    ELSE [l EXCEPT !.pending_removes = Without(@, op.uids),
                   !.group = entry.epoch]

\* The effect on u's local state l of reading entry, before commit pendings.
ApplyEntry(u, l, entry) ==
    CASE entry.kind = "Joined" ->
            IF entry.uid /= u
            THEN [l EXCEPT !.pending_adds = Append(@, entry.uid)]
            ELSE l
      [] entry.kind = "Left" ->
            [l EXCEPT !.pending_removes = IF RecordsLeave(l, entry.uid)
                                          THEN Append(@, entry.uid) ELSE @,
                      !.left_seen = @ \cup {entry.uid}]
      [] entry.kind = "Welcome" ->
            IF entry.to /= u THEN l
            ELSE IF ~HasGroup(l)
                 THEN LET roster  == Roster(entry.epoch)
                          earlier == roster \ {u}
                          bm      == BeforeMeOnWelcome(l.before_me, earlier)
                      IN  OnWelcomed([l EXCEPT !.before_me = bm,
                                               !.group = entry.epoch],
                                     roster, earlier \ bm)
                 ELSE l    \* a second Welcome: its KeyPackage was consumed; ignored
      [] entry.kind = "Commit" ->
            IF entry.from = u THEN l                          \* rule 1
            ELSE IF ~HasGroup(l) THEN l                       \* rule 2
            ELSE IF IsChildOf(entry.epoch, l.group)
                 THEN ApplyCommit(l, entry)                   \* rule 3
            ELSE IF ParentNumber(entry.epoch) /= Number(l.group)
                 THEN l                                       \* rule 4
            ELSE [l EXCEPT !.failed = TRUE]                   \* rule 5: a fork

-----------------------------------------------------------------------------
(* Initial state and steps, in the order of the model's Action enum.       *)

\* User 1 has founded the room: a member at epoch 0, reading from position 0.
Init == /\ log = <<>>
        /\ users = <<Founder(1, 0)>>

\* docs/protocol.md "Steps", Join: the next uid joins and Joined(uid) is appended; it reads from right after its own entry and founds a new group if nobody is alive.
Join ==
    /\ Len(users) < MaxUsers
    /\ LET uid    == Len(users) + 1
           cursor == Len(log) + 1
       IN  /\ log' = Append(log, JoinedEntry(uid))
           /\ users' = Append(users, IF Alive = {} THEN Founder(uid, cursor)
                                                   ELSE [Joiner(cursor) EXCEPT !.before_me = RoomAtJoin(Alive)])

\* docs/protocol.md "Steps", Leave(u): an alive (possibly failed) user leaves, Left(u) is appended and its outbox is lost with it.
Leave(u) ==
    /\ LeftCount < MaxLeaves
    /\ users[u].alive
    /\ log' = Append(log, LeftEntry(u))
    /\ users' = [users EXCEPT ![u] = LeftUser]

\* docs/protocol.md "Steps", Read(u): u processes the entry at its cursor (rules for Joined, Left, Welcome and Commit rules 1-5), advances, founds a group if the profile says so, then runs commit pendings if the entry's kind allows it and u now believes it is DC.
Read(u) ==
    /\ users[u].alive
    /\ ~users[u].failed
    /\ users[u].cursor < Len(log)
    /\ LET entry == log[users[u].cursor + 1]
           l0    == [ApplyEntry(u, users[u], entry) EXCEPT !.cursor = @ + 1]
           l1    == IF MembershipNews(entry) /\ Refounds(l0)
                    THEN [l0 EXCEPT !.group = RootEpoch(u)]
                    ELSE l0
           l2    == IF MembershipNews(entry) /\ BelievesDC(l1)
                    THEN CommitPendings(u, l1)
                    ELSE l1
       IN  users' = [users EXCEPT ![u] = l2]
    /\ UNCHANGED log

\* docs/protocol.md "Steps", Send(u): the head of u's outbox is appended to the log (under fixed, an Add's Welcome with its commit).
Send(u) ==
    /\ users[u].alive
    /\ ~users[u].failed
    /\ users[u].outbox /= <<>>
    /\ LET ob == users[u].outbox
           n  == SendLen(ob)
       IN  /\ log' = log \o SubSeq(ob, 1, n)
           /\ users' = [users EXCEPT ![u].outbox = SubSeq(ob, n + 1, Len(ob))]

\* One disjunct per step kind, so that TLC names each step of a trace after
\* its action (e.g. "<Read line ...>"); u is then the user whose state changed.
Next == \/ Join
        \/ \E u \in Uids : Leave(u)
        \/ \E u \in Uids : Read(u)
        \/ \E u \in Uids : Send(u)

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
                    /\ log[j].to = CommitOp(log[i]).uid
                    /\ log[j].epoch = log[i].epoch

\* No uid is the target of two Adds in the log, nor of two Removes.
UniqueAddRemove ==
    \A i, j \in 1..Len(log) :
        (i < j /\ log[i].kind = "Commit" /\ log[j].kind = "Commit")
            => LET a == CommitOp(log[i])
                   b == CommitOp(log[j])
               IN  /\ (a.kind = "Add" /\ b.kind = "Add") => a.uid /= b.uid
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

\* No user's pending lists hold a uid twice.
UniquePendings ==
    \A u \in Alive : /\ NoDuplicates(users[u].pending_adds)
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
            (log[i].kind = "Joined" /\ users[log[i].uid].alive)
                => LET v == log[i].uid IN
                   \/ HasGroup(users[v]) /\ users[v].group.root = v
                   \/ \E j \in (i + 1)..Len(log) :
                          log[j].kind = "Welcome" /\ log[j].to = v

\* Every Welcome whose target is alive is followed by an Add for it.
WelcomesAdded ==
    AtQuiescence =>
        \A i \in 1..Len(log) :
            (log[i].kind = "Welcome" /\ users[log[i].to].alive)
                => \E j \in (i + 1)..Len(log) : IsAddOf(log[j], log[i].to)

=============================================================================
