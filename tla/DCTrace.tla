------------------------------ MODULE DCTrace -------------------------------
(***************************************************************************)
(* DC.tla constrained to one trace, to check that a trace of the stateright *)
(* model (or any trace given as states) is a behaviour of the spec: TLC may *)
(* take only Init and Next steps, and only those that land on the trace's   *)
(* next state.  The trace itself is the module DCTraceData, which          *)
(* dcverify writes beside this one for each check (tla/src/trace.rs): it    *)
(* defines TraceStates, a sequence of records with one field per variable   *)
(* of DC.tla ([log |-> ..., users |-> ..., attacks_used |-> ...,            *)
(* failed_under_attack |-> ..., stolen |-> ...]) in its representation, and nothing else.   *)
(*                                                                         *)
(* With the configuration                                                  *)
(*   INIT TraceInit  NEXT TraceNext  INVARIANT P                            *)
(* TLC reports P violated in a behaviour as long as the trace exactly when  *)
(* it followed every state and P fails in the last; with                    *)
(*   INVARIANT TraceNotFollowed                                             *)
(* it reports a violation exactly when it followed the whole trace.        *)
(***************************************************************************)
EXTENDS DC, DCTraceData

\* How many states of the trace TLC has followed.
VARIABLE i

TraceInit == /\ i = 1
             /\ Init
             /\ log = TraceStates[1].log
             /\ users = TraceStates[1].users
             /\ attacks_used = TraceStates[1].attacks_used
             /\ failed_under_attack = TraceStates[1].failed_under_attack
             /\ stolen = TraceStates[1].stolen

TraceNext == /\ i < Len(TraceStates)
             /\ Next
             /\ i' = i + 1
             /\ log' = TraceStates[i + 1].log
             /\ users' = TraceStates[i + 1].users
             /\ attacks_used' = TraceStates[i + 1].attacks_used
             /\ failed_under_attack' = TraceStates[i + 1].failed_under_attack
             /\ stolen' = TraceStates[i + 1].stolen

\* Violated once the whole trace is followed.
TraceNotFollowed == i < Len(TraceStates)
=============================================================================
