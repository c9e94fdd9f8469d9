# Shared by every lab command: naming, state files, small helpers. Sourced, never run.
# Every kernel object a lab creates carries its index I in its name, so labs never clash and `down`
# can find what a crashed `up` left behind:
#   bridge hlab<I> (10.99.I.1/24), netns hlab<I>-h<N>, veth hlab<I>h<N>, cgroup <cgroot>/hlab<I>-h<N>.

LAB_MAX_INDEX=199     # keeps virtualRouterID = 50 + I within VRRP's 1..255
LAB_MAX_HOSTS=200     # host addresses 10.99.I.11 .. 10.99.I.210
LAB_LOCK=/run/hactl-lab.lock
LAB_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Commands whose own exit status passes through (exec) set LAB_FAIL_STATUS to tell their errors apart.
die() { echo "lab: $*" >&2; exit "${LAB_FAIL_STATUS:-1}"; }
note() { echo "lab: $*" >&2; }
# With LAB_TRACE=1, milestones with the seconds since the command started (for measuring).
LAB_STARTED=$EPOCHREALTIME
trace() {
  [[ -z ${LAB_TRACE:-} ]] || printf 'lab: %6.2f s %s\n' "$(bc <<<"$EPOCHREALTIME - $LAB_STARTED")" "$*" >&2
}

# The directory of the repository: the nearest parent of this script holding HaCluster.sln.
repo_root() {
  local d=$LAB_HOME
  while [[ $d != / && ! -f $d/HaCluster.sln ]]; do d=$(dirname "$d"); done
  [[ -f $d/HaCluster.sln ]] || die "cannot find HaCluster.sln above $LAB_HOME"
  echo "$d"
}

# The cgroup v2 tree: /sys/fs/cgroup on a pure v2 machine, /sys/fs/cgroup/unified on a hybrid one.
cgroup_root() {
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then echo /sys/fs/cgroup
  elif [[ -f /sys/fs/cgroup/unified/cgroup.controllers ]]; then echo /sys/fs/cgroup/unified
  else die "no cgroup v2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified"
  fi
}

bridge_name() { echo "hlab$1"; }          # index
netns_name() { echo "hlab$1-$2"; }        # index host
veth_name() { echo "hlab$1$2"; }          # index host (at most 15 characters: hlab199h200)
cgroup_dir() { echo "$(cgroup_root)/hlab$1-$2"; }
subnet_prefix() { echo "10.99.$1"; }
host_address() { echo "10.99.$1.$((10 + $2))"; }   # index number

# Absolute path of a directory that may not exist yet.
absolute_dir() { realpath -m "$1"; }

# Loads DIR/lab.env (LAB_INDEX, LAB_HOSTS, LAB_TOPOLOGY, LAB_SUBNET) or fails naming DIR.
load_lab() {
  [[ -f $LAB_DIR/lab.env ]] || die "no lab in $LAB_DIR (no lab.env): run 'lab up --dir $LAB_DIR' first"
  # shellcheck source=/dev/null
  source "$LAB_DIR/lab.env"
}

host_dir() { echo "$LAB_DIR/hosts/$1"; }

# Lists the names of the lab's hosts in order (h1 h2 ...).
host_names() {
  local n
  for ((n = 1; n <= LAB_HOSTS; n++)); do echo "h$n"; done
}

# Loads one host's facts (HOST_NAME, HOST_ADDRESS, HOST_PORT, HOST_USER, HOST_SUDO, HOST_OS, HOST_ROLE).
# Accepts the host's name or address.
load_host() {
  local wanted=$1 f
  for f in "$LAB_DIR"/hosts/*/host.env; do
    [[ -f $f ]] || continue
    # shellcheck source=/dev/null
    source "$f"
    [[ $HOST_NAME == "$wanted" || $HOST_ADDRESS == "$wanted" ]] && return 0
  done
  die "no host '$wanted' in the lab in $LAB_DIR (hosts: $(host_names | xargs))"
}

# The host's PID 1 as seen from this machine, while it is alive and still ours.
host_pid() {
  local pid
  pid=$(cat "$(host_dir "$1")/init.pid" 2>/dev/null) || return 1
  is_host_process "$pid" "$1" || return 1
  echo "$pid"
}

# The same, once PID 1 is systemd: before that it is host-boot.sh still building the host's root,
# and a command entering it would run on the machine's own file system.
host_init_pid() {
  local pid comm
  pid=$(host_pid "$1") || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $comm == systemd ]] || return 1
  echo "$pid"
}

# Alive and not a zombie waiting to be reaped. `read`, not $(<…): under set -e a $(<…) of a file that is
# gone (a process that just exited) ends the whole shell, even in a condition.
process_alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# True when PID is alive and inside the host's cgroup: guards against signalling a recycled PID.
is_host_process() {
  local pid=$1 name=$2
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  grep -qE "^0::/hlab${LAB_INDEX}-${name}(/|$)" "/proc/$pid/cgroup" 2>/dev/null
}

# Runs a command in the host as root: all namespaces of its PID 1, its root and a clean environment.
host_nsenter() {
  local name=$1 pid
  shift
  pid=$(host_init_pid "$name") || { echo "lab: host $name is not running" >&2; return 255; }
  nsenter --target "$pid" --all --root --wd \
    env -i PATH="$LAB_PATH" HOME=/root LANG=C.UTF-8 USER=root LOGNAME=root "$@"
}

# Runs FUNCTION once per remaining argument, all at once; fails if any run failed.
for_each_in_parallel() {
  local function=$1 item pid failed=0 pids=()
  shift
  for item in "$@"; do
    "$function" "$item" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((!failed))
}

# Signals a process this command started, then its descendants (read before it dies and they are
# reparented away).
kill_tree() {
  local pid=$1 children child
  children=$(cat "/proc/$pid/task/"*/children 2>/dev/null) || true
  kill "$pid" 2>/dev/null || true
  for child in $children; do kill_tree "$child"; done
}

# Waits up to SECONDS for a command to succeed, polling every 0.1 s. A command exiting 2 means
# "this will never succeed": the wait ends there.
wait_until() {
  local seconds=$1 deadline status
  shift
  deadline=$((SECONDS + seconds))
  while :; do
    status=0
    "$@" || status=$?
    ((status != 0)) || return 0
    ((status != 2 && SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# True when an SSH server answers with its banner at ADDRESS:PORT (no key exchange, so it is cheap).
ssh_banner_answers() {
  local banner
  # shellcheck disable=SC2016 # $0 and $1 are the inner shell's arguments
  banner=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" && head -c 4 <&3' "$1" "$2" 2>/dev/null) || return 1
  [[ $banner == SSH- ]]
}
