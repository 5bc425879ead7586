#!/bin/sh
# The approval scenario, driven from a shell through the safeops launcher as an agent and two
# people would: an agent proposes the destroy of a production workspace, people approve it from
# their own terminals with their own SSH keys, the agent applies it.
#
# Environment: SAFEOPS (the launcher), SAFEOPS_HOME (with allowed_signers listing alice's two
# keys and bob's), WORK, STALE_WORK and EXPIRING_WORK (initialised terraform workspaces; WORK
# has no resources yet, the other two have theirs applied), ALICE, ALICE_SECOND, BOB, MALLORY
# (private keys; MALLORY is not in allowed_signers). Prints "approval scenario: every step
# behaved" and exits 0, or names the first step that did not.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAILED at step '$step': $*" >&2
  exit 1
}

# expect CODE COMMAND...: runs COMMAND; its stdout is $out, its stderr $err; fails unless it exits CODE.
expect() {
  want=$1
  shift
  out=$("$@" 2>"$tmp/err")
  got=$?
  err=$(cat "$tmp/err")
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want. stdout: $out stderr: $err"
}

# field NAME: the string value of NAME in the JSON object in $out.
field() {
  printf '%s' "$out" | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"
}

# number NAME: the numeric value of NAME in the JSON object in $out.
number() {
  printf '%s' "$out" | sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p"
}

is() {
  [ "$1" = "$2" ] || fail "expected '$2', got '$1'. stdout: $out stderr: $err"
}

says() {
  case $1 in
    *"$2"*) ;;
    *) fail "expected the text to say '$2': $1" ;;
  esac
}

resources() {
  terraform -chdir="$1" state list 2>/dev/null | grep -c .
}

S=$SAFEOPS
PROD="--environment prod --tier production"

step="what the policy allows is approved at once"
expect 0 "$S" propose --requester agent:claude $PROD --json -- terraform -chdir="$WORK" apply
is "$(field status)" APPROVED
expect 0 "$S" apply "$(field id)" --json
is "$(field status)" EXECUTED
is "$(resources "$WORK")" 3

step="an agent proposes the destroy of a production workspace"
expect 10 "$S" propose --requester agent:claude $PROD --reason "remove the duplicate stack" --json -- terraform -chdir="$WORK" destroy
id=$(field id)
is "$(field status)" PENDING
is "$(number approvalsRequired)" 2
is "$(printf '%s' "$(field digest)" | grep -c '^[0-9a-f]\{64\}$')" 1
[ -n "$(field level)" ] || fail "no level"
says "$out" '"findings":[{'
says "$out" "\"approveCommand\":\"safeops approve $id --key"

step="the first approver approves"
expect 0 "$S" approve "$id" --key "$ALICE" --json
is "$(field status)" PENDING

step="apply is refused with one of two approvals"
expect 10 "$S" apply "$id" --json
is "$(field status)" PENDING
says "$out" "1 of 2"

step="the same approver again is not counted twice"
expect 3 "$S" approve "$id" --key "$ALICE"
says "$err" "alice already approved"
expect 3 "$S" approve "$id" --key "$ALICE_SECOND"
says "$err" "alice already approved"

step="the outsider's key is refused"
expect 3 "$S" approve "$id" --key "$MALLORY"
says "$err" "is not in"

step="the second approver approves"
expect 0 "$S" approve "$id" --key "$BOB" --json
is "$(field status)" APPROVED

step="apply destroys, once"
expect 0 "$S" apply "$id" --json
is "$(field status)" EXECUTED
is "$(resources "$WORK")" 0

step="a second apply is refused"
expect 3 "$S" apply "$id" --json
is "$(field status)" ALREADY_EXECUTED

step="a request whose state changed after approval is refused as stale"
expect 10 "$S" propose --requester agent:claude $PROD --json -- terraform -chdir="$STALE_WORK" destroy
stale=$(field id)
expect 0 "$S" approve "$stale" --key "$ALICE"
expect 0 "$S" approve "$stale" --key "$BOB"
terraform -chdir="$STALE_WORK" apply -auto-approve -input=false -no-color -replace=terraform_data.r0 >/dev/null 2>&1 \
  || fail "terraform could not change the workspace"
expect 3 "$S" apply "$stale" --json
is "$(field status)" STALE
is "$(resources "$STALE_WORK")" 3

step="an expired request is refused"
expect 10 "$S" propose --requester agent:claude $PROD --json -- terraform -chdir="$EXPIRING_WORK" destroy
late=$(field id)
expect 0 "$S" approve "$late" --key "$ALICE"
expect 0 "$S" approve "$late" --key "$BOB"
expect 3 "$S" apply "$late" --json --clock-ahead PT24H
is "$(field status)" EXPIRED
is "$(resources "$EXPIRING_WORK")" 3

step="requests and show tell what happened"
expect 0 "$S" requests
says "$out" "$id"
expect 0 "$S" show "$stale" --json
is "$(field status)" STALE

echo "approval scenario: every step behaved"
