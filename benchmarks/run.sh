#!/usr/bin/env bash
# Runs every safeops benchmark and prints the figures RESULTS.md quotes:
#   1. JMH (benchmarks/target/benchmarks.jar): executor overhead, command classifier
#      throughput, plan digest by size, plan reading, SDK interceptor overhead;
#   2. agent hook latency, process start to exit, side by side and round-robin (so a change
#      in the shared machine's load falls on every side alike): the safeops hook launcher,
#      `java -jar ... hook claude-code`, a hello-world JVM program that reads stdin, and the
#      published peer hook cc-safety-net 2.4.5 (installed from npm into the build directory);
#   3. plans of 100,000 and 1,000,000 changes: `check-plan --tier production` against
#      `jq '.resource_changes|length'` (100,000 only: jq holds the document), round-robin,
#      wall time, CPU time and peak RSS with their spread; BEFORE runs an older check-plan
#      beside them.
# A side that cannot be had (no node/npm, no jq, a subcommand not built) is skipped with a
# message. Everything is written under benchmarks/target/results; summary.md holds the table.
#
# Knobs (environment):
#   JMH_ARGS   JMH iteration counts         default: -wi 2 -w 2s -i 3 -r 2s -f 1
#   JMH_FILTER which JMH benchmarks (regex)  default: all
#   RUNS       process runs per side         default: 30 (hook), PLAN_RUNS default 3
#   PLAN_SIZES plan sizes in changes          default: 100000 1000000
#   MARKDOWN_MAX the largest plan `check-plan --format markdown` also runs on (200000)
#   BEFORE     a command prefix running an older check-plan beside the current one (plan part),
#              BEFORE_SHOWN how to show it, BEFORE_MAX the largest plan it runs on (200000)
#   SKIP       space-separated parts to skip: jmh hook plan
#   BUILD=1    rebuild the jars first (./mvnw -DskipTests package); they are built when missing
#   BEFORE_HOOK another build's hook command, measured in the same rounds as the launcher
#   AFTER_HOOK  the hook command measured as safeops-hook; default the build's launcher
#              (e.g. an installed one: AFTER_HOOK="$HOME/.local/share/safeops/bin/safeops hook claude-code")
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/benchmarks/target/results
mkdir -p "$out"
JMH_ARGS=${JMH_ARGS:--wi 2 -w 2s -i 3 -r 2s -f 1}
JMH_FILTER=${JMH_FILTER:-}
RUNS=${RUNS:-30}
PLAN_RUNS=${PLAN_RUNS:-3}
SKIP=${SKIP:-}
summary=$out/summary.md
cli_jar=$root/safeops-cli/target/safeops/lib/safeops.jar
launcher=$root/safeops-cli/target/safeops/bin/safeops
bench_jar=$root/benchmarks/target/benchmarks.jar

say() { printf '%s\n' "$*" | tee -a "$summary"; }
skipping() { say "SKIPPED: $*"; }
wants() { case " $SKIP " in *" $1 "*) return 1 ;; *) return 0 ;; esac; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a/b}'; }

: > "$summary"
say "# safeops benchmark run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say ""
say "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
say "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null) RAM"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
say "- JDK: $(java -version 2>&1 | sed -n 2p)"
say "- node: $(node --version 2>/dev/null || echo absent); jq: $(jq --version 2>/dev/null || echo absent)"
say ""

# The benchmarks jar is needed only by the JMH and plan parts.
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$cli_jar" ] || { [ ! -f "$bench_jar" ] && { wants jmh || wants plan; }; }; then
  echo "building the jars (./mvnw -B -q -DskipTests package)..."
  ./mvnw -B -q -DskipTests package || { echo "build failed" >&2; exit 1; }
fi

# ---------------------------------------------------------------------------------------------
# 1. JMH
if wants jmh; then
  say "## JMH"
  say ""
  # The classifier's peer-corpora mix reads the shared agent-command corpus when it is there.
  shared=$(cd "$root/.." && pwd)/shared
  # Plans for the read benchmark are generated once into benchmarks/target and reused.
  corpus_args=(-jvmArgsAppend "-Dsafeops.shared.dir=$shared -Dsafeops.bench.dir=$root/benchmarks/target")
  if [ ! -d "$shared/corpus/agent-commands" ]; then
    corpus_args=(-jvmArgsAppend "-Dsafeops.bench.dir=$root/benchmarks/target" -p mix=agent-session)
    say "note: the shared agent-command corpus is absent; the classifier runs on the agent-session mix only"
  fi
  shown_args="${corpus_args[*]}"
  shown_args=${shown_args//$shared/../shared}
  shown_args=${shown_args//$root\//}
  say "command: \`java -jar benchmarks/target/benchmarks.jar $JMH_ARGS $shown_args $JMH_FILTER\`"
  say ""
  # shellcheck disable=SC2086 # JMH_ARGS is a list of arguments
  java -jar "$bench_jar" $JMH_ARGS "${corpus_args[@]}" -rf json -rff "$out/jmh.json" $JMH_FILTER > "$out/jmh.txt" 2>&1
  status=$?
  say '```'
  sed -n '/^Benchmark /,$p' "$out/jmh.txt" | tee -a "$summary"
  say '```'
  [ $status -eq 0 ] || say "JMH exited with $status; see benchmarks/target/results/jmh.txt"
  grep -E '<failure>|Exception' "$out/jmh.txt" | sort -u | head -5 | sed 's/^/JMH: /' | tee -a "$summary"
  say ""
  say "Per CPU second of the measuring thread (less disturbed by other load): \`java -cp benchmarks/target/benchmarks.jar dev.safeops.benchmarks.CpuRates 5\`"
  say ""
  say '```'
  java -cp "$bench_jar" dev.safeops.benchmarks.CpuRates 5 2>&1 | tee -a "$summary"
  say '```'
  say ""
fi

# ---------------------------------------------------------------------------------------------
# 2. Agent hook latency
hook_event() { # name command
  jq -nc --arg c "$2" '{session_id:"bench",transcript_path:"/dev/null",cwd:"/tmp",permission_mode:"default",
    hook_event_name:"PreToolUse",tool_name:"Bash",tool_input:{command:$c,description:"benchmark"}}' > "$out/events/$1.json"
}

mean() { awk '{s+=$1; n++} END {if (n) printf "%.1f", s/n}'; }

# Round-robin: every round runs each side once, in turn, so a change in the machine's load
# (it is shared) falls on all sides alike. Wall time from date +%s%N around a direct exec;
# CPU time (user+sys) from GNU time, whose 10 ms resolution is why its mean is quoted.
round_robin() { # event-file side...
  local ev=$1; shift
  local side t0 t1
  for side in "$@"; do : > "$out/hook-$side-$(basename "$ev" .json).wall"; : > "$out/hook-$side-$(basename "$ev" .json).cpu"; done
  for round in $(seq $((RUNS + 3))); do
    for side in "$@"; do
      local base=$out/hook-$side-$(basename "$ev" .json)
      t0=$(date +%s%N)
      eval "${cmds[$side]}" < "$ev" > /dev/null 2>&1
      t1=$(date +%s%N)
      if [ -x /usr/bin/time ]; then
        eval "/usr/bin/time -f '%U %S' -o '$base.t' ${cmds[$side]}" < "$ev" > /dev/null 2>&1
        # Like wall time, CPU time counts only the timed rounds, not the warm-up.
        [ "$round" -gt 3 ] && awk '{printf "%.0f\n", ($1+$2)*1000}' "$base.t" >> "$base.cpu"
      fi
      [ "$round" -gt 3 ] && awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", (b-a)/1e6}' >> "$base.wall"
    done
  done
}

if wants hook; then
  say "## Agent hook latency (PreToolUse, process start to exit)"
  say ""
  if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq time > /dev/null 2>&1 || true
  fi
  if ! command -v jq >/dev/null 2>&1; then
    skipping "hook latency: jq is needed to write the events"
  else
    mkdir -p "$out/events" "$out/hello"
    hook_event allow 'terraform plan -out=tfplan'
    hook_event deny 'terraform destroy -auto-approve'
    hook_event plain 'ls -la src/main'

    # The floor: a JVM that starts, reads stdin, prints a line and exits.
    cat > "$out/hello/Hello.java" <<'EOF'
public class Hello {
  public static void main(String[] args) throws Exception {
    byte[] in = System.in.readAllBytes();
    System.out.println("{\"read\":" + in.length + "}");
  }
}
EOF
    javac -d "$out/hello" "$out/hello/Hello.java"

    peer=$root/benchmarks/target/peer
    peer_bin=$peer/node_modules/cc-safety-net/dist/bin/cc-safety-net.js
    if [ ! -f "$peer_bin" ] && command -v npm >/dev/null 2>&1; then
      npm install --silent --no-audit --no-fund --prefix "$peer" cc-safety-net@2.4.5 > "$out/npm.log" 2>&1 || true
    fi
    export CC_SAFETY_NET_HOME=$peer/home # its compile cache and config stay in the build directory

    declare -A cmds
    order=()
    if [ -n "${AFTER_HOOK:-}" ]; then
      cmds[safeops-hook]="$AFTER_HOOK"; order+=(safeops-hook)
      say "safeops-hook: \`$AFTER_HOOK\`"
    elif [ -x "$launcher" ]; then
      cmds[safeops-hook]="$launcher hook claude-code"; order+=(safeops-hook)
      [ -f "$root/safeops-cli/target/safeops/lib/safeops.jsa" ] || say "note: no class-data archive (safeops-cli/target/safeops/lib/safeops.jsa); the launcher ran without it"
    else
      skipping "safeops launcher: safeops-cli/target/safeops/bin/safeops not built"
    fi
    # BEFORE_HOOK: another build's hook command, measured in the same rounds (a before/after pair).
    if [ -n "${BEFORE_HOOK:-}" ]; then
      cmds[before-hook]="$BEFORE_HOOK"; order+=(before-hook)
      say "before-hook: \`$BEFORE_HOOK\`"
    fi
    cmds[java-jar-hook]="java -jar $cli_jar hook claude-code"; order+=(java-jar-hook)
    cmds[hello-jvm]="java -cp $out/hello Hello"; order+=(hello-jvm)
    if [ -f "$peer_bin" ] && command -v node >/dev/null 2>&1; then
      cmds[cc-safety-net]="node $peer_bin hook --claude-code"; order+=(cc-safety-net)
    else
      skipping "cc-safety-net 2.4.5: node/npm or the package is not available (see benchmarks/target/results/npm.log)"
    fi

    say "Each side answers the same events, round-robin (each round runs every side once, in turn):"
    say "$RUNS timed rounds after 3 warm-up rounds. Wall: median ms, process start to exit (date +%s%N"
    say "around a direct exec). CPU: mean ms of user+sys (GNU time, separate runs)."
    say ""
    say "| event | command | $(printf '%s wall | ' "${order[@]}")$(printf '%s CPU | ' "${order[@]}")"
    say "|---|---|$(printf '%.0s---|' "${order[@]}" "${order[@]}")"
    for ev in plain allow deny; do
      for side in "${order[@]}"; do
        # What each side answered, for the record (stdout, exit code).
        { eval "${cmds[$side]}" < "$out/events/$ev.json"; echo "exit $?"; } > "$out/answer-$side-$ev.txt" 2>&1
      done
      round_robin "$out/events/$ev.json" "${order[@]}"
      row="| $ev | \`$(jq -r '.tool_input.command' "$out/events/$ev.json")\` |"
      cpus=""
      for side in "${order[@]}"; do
        m=$(median < "$out/hook-$side-$ev.wall")
        c=$(mean < "$out/hook-$side-$ev.cpu")
        eval "med_${side//-/_}_$ev=$m"
        eval "cpu_${side//-/_}_$ev=$c"
        row="$row $m |"
        cpus="$cpus ${c:-n/a} |"
      done
      say "$row$cpus"
    done
    say ""
    for ev in plain allow deny; do
      s=$(eval "echo \${med_safeops_hook_$ev:-}"); h=$(eval "echo \${med_hello_jvm_$ev:-}")
      p=$(eval "echo \${med_cc_safety_net_$ev:-}"); j=$(eval "echo \${med_java_jar_hook_$ev:-}")
      sc=$(eval "echo \${cpu_safeops_hook_$ev:-}"); hc=$(eval "echo \${cpu_hello_jvm_$ev:-}"); pc=$(eval "echo \${cpu_cc_safety_net_$ev:-}")
      b=$(eval "echo \${med_before_hook_$ev:-}"); bc=$(eval "echo \${cpu_before_hook_$ev:-}")
      say "- $ev: safeops-hook / hello-jvm = $(ratio "$s" "$h") wall, $(ratio "$sc" "$hc") CPU (target <= 1.50); safeops-hook / cc-safety-net = $(ratio "$s" "$p") wall, $(ratio "$sc" "$pc") CPU (target <= 0.80); java -jar / safeops-hook = $(ratio "$j" "$s") wall$([ -n "$b" ] && echo "; safeops-hook / before-hook = $(ratio "$s" "$b") wall, $(ratio "$sc" "$bc") CPU")"
    done
    say ""
    say "Answers (first line of stdout, exit code) are in benchmarks/target/results/answer-*.txt."
    say ""
  fi
fi

# ---------------------------------------------------------------------------------------------
# 3. A 100,000-change plan
if wants plan; then
  say "## Big plans (100,000 and 1,000,000 resource changes)"
  say ""
  if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq time > /dev/null 2>&1 || true
  fi
  # One run of a side: "wall_s rss_kb exit cpu_s" appended to $out/plan-LABEL.runs.
  measure_once() { # label command...
    local label=$1; shift
    /usr/bin/time -v -o "$out/plan-$label.time" "$@" > "$out/plan-$label.out" 2> "$out/plan-$label.err"
    local code=$?
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out/plan-$label.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/plan-$label.time")
    cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$out/plan-$label.time")
    echo "$wall $rss $code $cpu" >> "$out/plan-$label.runs"
  }
  # "median (min-max)" of one column of a .runs file; RSS in MiB.
  spread() { # file column [mib]
    cut -d' ' -f"$2" "$1" | sort -n | awk -v mib="${3:-}" '{v=(mib ? $1/1024 : $1); a[NR]=v} END {
      if (NR == 0) exit; m=(NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2
      f=(mib ? "%.0f" : "%.2f"); printf f " (" f "-" f ")", m, a[1], a[NR]}'
  }
  if [ ! -x /usr/bin/time ]; then
    skipping "big plans: /usr/bin/time (GNU time) is not installed"
  else
    declare -A pcmd pshown
    pcmd[check-plan]="$launcher check-plan --tier production"
    pshown[check-plan]="safeops-cli/target/safeops/bin/safeops check-plan --tier production PLAN"
    pshown[jq]="jq '.resource_changes|length' PLAN"
    pcmd[markdown]="$launcher check-plan --format markdown --tier production"
    pshown[markdown]="safeops-cli/target/safeops/bin/safeops check-plan --format markdown --tier production PLAN"
    # BEFORE: a command that runs an older check-plan side by side, e.g.
    # BEFORE="java -jar /tmp/old/safeops-examples.jar check-plan --tier production"
    if [ -n "${BEFORE:-}" ]; then
      pcmd[before]=$BEFORE
      pshown[before]=${BEFORE_SHOWN:-$BEFORE PLAN}
    fi
    for size in ${PLAN_SIZES:-100000 1000000}; do
      plan=$root/benchmarks/target/plan-$size.json
      if [ ! -f "$plan" ]; then
        java -cp "$bench_jar" dev.safeops.benchmarks.PlanGenerator "$plan" "$size" | tee -a "$summary"
      fi
      sides=(check-plan)
      # jq holds the whole document: about 7 times the file in memory, too much for a 1 GB plan.
      if [ "$size" -le 200000 ]; then
        if command -v jq >/dev/null 2>&1; then sides+=(jq); else skipping "jq: not installed"; fi
      fi
      [ "$size" -le "${MARKDOWN_MAX:-200000}" ] && sides+=(markdown)
      [ -n "${BEFORE:-}" ] && [ "$size" -le "${BEFORE_MAX:-200000}" ] && sides+=(before)
      say "### $size changes: benchmarks/target/plan-$size.json, $(stat -L -c %s "$plan" | awk '{printf "%.1f MB", $1/1e6}'), dev.safeops.benchmarks.PlanGenerator (seed 42)"
      say ""
      say "$PLAN_RUNS rounds; each round runs every side once, in turn (round-robin, so a change in the machine's"
      say "load falls on every side alike), in balanced orders: over n rounds (2n for an odd n) of n sides, each side"
      say "runs right after each other side equally often. Median (min-max) of wall time, CPU time (user+sys) and"
      say "peak RSS, GNU time -v."
      say "Load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)."
      say ""
      for side in "${sides[@]}"; do : > "$out/plan-$side.runs"; done
      # A run right after another (jq's seven seconds on one core, say) was measurably slower than
      # one after a pause, so which side runs after which is balanced (a Williams design): the
      # first order is 0, 1, n-1, 2, n-2, ...; round r adds r to each (mod n); for an odd n the
      # rounds n..2n-1 run those orders backwards.
      n=${#sides[@]}
      first=()
      for ((k = 0; k < n; k++)); do
        if ((k == 0)); then first+=(0); elif ((k % 2 == 1)); then first+=($(((k + 1) / 2))); else first+=($((n - k / 2))); fi
      done
      round=0
      for _ in $(seq "$PLAN_RUNS"); do
        rows=$((n % 2 == 0 ? n : 2 * n))
        row=$((round % rows))
        order=()
        for ((k = 0; k < n; k++)); do order+=($(((first[k] + row) % n))); done
        if ((row >= n)); then
          reversed=()
          for ((k = n - 1; k >= 0; k--)); do reversed+=("${order[k]}"); done
          order=("${reversed[@]}")
        fi
        round=$((round + 1))
        for k in "${order[@]}"; do
          side=${sides[$k]}
          if [ "$side" = jq ]; then
            measure_once "$side" jq '.resource_changes|length' "$plan"
          else
            # shellcheck disable=SC2086 # the command is a list of words
            measure_once "$side" ${pcmd[$side]} "$plan"
          fi
        done
      done
      say "| side | command | wall s | CPU s | peak RSS MiB | exit |"
      say "|---|---|---|---|---|---|"
      for side in "${sides[@]}"; do
        runs=$out/plan-$side.runs
        e=$(cut -d' ' -f3 "$runs" | sort -u | tr '\n' ' ')
        eval "wall_${side//-/_}_$size=$(cut -d' ' -f1 "$runs" | median)"
        eval "rss_${side//-/_}_$size=$(cut -d' ' -f2 "$runs" | median | awk '{printf "%.0f", $1/1024}')"
        say "| $side | \`${pshown[$side]}\` | $(spread "$runs" 1) | $(spread "$runs" 4) | $(spread "$runs" 2 mib) | $e|"
        cp "$out/plan-$side.out" "$out/plan-$side-$size.out"
        cp "$out/plan-$side.err" "$out/plan-$side-$size.err"
      done
      say "Load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)."
      say ""
    done
    w1=${wall_check_plan_100000:-}; w10=${wall_check_plan_1000000:-}
    say "- 100,000 changes: check-plan / jq wall time = $(ratio "$w1" "${wall_jq_100000:-}") (target <= 0.30); peak RSS ${rss_check_plan_100000:-n/a} MiB (target <= 256)"
    say "- 1,000,000 changes: $w10 s = $(ratio "$w10" "$(awk -v a="$w1" 'BEGIN {if (a != "") print a * 10}')") x ten times the 100,000 figure (target <= 1.30); peak RSS ${rss_check_plan_1000000:-n/a} MiB (target <= 256)"
    [ -n "${wall_markdown_100000:-}" ] && say "- 100,000 changes, --format markdown: markdown / jq wall time = $(ratio "$wall_markdown_100000" "${wall_jq_100000:-}") (target <= 0.30); peak RSS ${rss_markdown_100000:-n/a} MiB (target <= 256)"
    [ -n "${BEFORE:-}" ] && say "- before / check-plan wall time at 100,000 changes = $(ratio "${wall_before_100000:-}" "$w1")"
    say "- outputs: benchmarks/target/results/plan-SIDE-SIZE.out (stderr in .err)"
    say ""
  fi
fi

echo
echo "summary: $summary"
