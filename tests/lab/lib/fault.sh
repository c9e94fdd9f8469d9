# lab fault: break a host the way reliability tests need, and mend it.

usage_fault() {
  cat <<USAGE
usage: lab fault [--dir DIR] FAULT HOST [ARG...]
  sshd-stop HOST | sshd-start HOST     stop / start the host's sshd (systemd unit ssh.service)
  isolate HOST   | restore HOST        cut the host off the network / cable it again
  freeze HOST    | thaw HOST           freeze / thaw every process of the host (cgroup v2 freezer)
  kill HOST NAME [SIGNAL]              signal processes named NAME in that host only (default TERM)
  poweroff HOST                        power the host off; it is gone until the lab is rebuilt
USAGE
}

cmd_fault() {
  local fault="" host=""
  while (($#)); do
    case $1 in
      --dir) LAB_DIR=${2:-}; shift 2 ;;
      -h | --help) usage_fault; return 0 ;;
      *) break ;;
    esac
  done
  fault=${1:-} host=${2:-}
  [[ -n $fault && -n $host ]] || { usage_fault >&2; die "fault: a fault and a host are needed"; }
  shift 2
  LAB_DIR=$(absolute_dir "$LAB_DIR")
  load_lab
  load_host "$host"
  case $fault in
    sshd-stop) host_nsenter "$HOST_NAME" systemctl stop ssh.service ;;
    sshd-start) host_nsenter "$HOST_NAME" systemctl start ssh.service ;;
    isolate) set_cable down ;;
    restore) set_cable up ;;
    freeze) set_frozen 1 ;;
    thaw) set_frozen 0 ;;
    kill) kill_in_host "$@" ;;
    poweroff) power_off ;;
    *) usage_fault >&2; die "fault: unknown fault '$fault'" ;;
  esac
}

# The bridge end of the host's cable: down is a pulled cable (the host sees NO-CARRIER).
set_cable() {
  local veth
  veth=$(veth_name "$LAB_INDEX" "$HOST_NAME")
  ip link show dev "$veth" &>/dev/null || die "fault: $HOST_NAME has no network cable (powered off?)"
  ip link set dev "$veth" "$1"
}

set_frozen() {
  local cgroup
  cgroup=$(cgroup_dir "$LAB_INDEX" "$HOST_NAME")
  host_pid "$HOST_NAME" >/dev/null || die "fault: $HOST_NAME is not running"
  echo "$1" >"$cgroup/cgroup.freeze"
  wait_until 10 grep -q "^frozen $1" "$cgroup/cgroup.events" || die "fault: $HOST_NAME did not reach frozen=$1"
}

# pkill inside the host's PID namespace: it cannot see, let alone signal, anything else.
kill_in_host() {
  local name=${1:-} signal=${2:-TERM} status=0
  [[ -n $name ]] || die "fault: kill needs a process name"
  host_nsenter "$HOST_NAME" pkill --signal "$signal" --exact "$name" || status=$?
  case $status in
    0) ;;
    1) die "fault: no process named '$name' in $HOST_NAME" ;;
    *) die "fault: pkill --signal $signal '$name' in $HOST_NAME failed ($status)" ;;
  esac
}

# systemd powers off (SIGRTMIN+4); then the host's network namespace goes too, so nothing answers
# at its address any more.
power_off() {
  local pid cgroup
  cgroup=$(cgroup_dir "$LAB_INDEX" "$HOST_NAME")
  echo 0 >"$cgroup/cgroup.freeze" 2>/dev/null || true
  if pid=$(host_pid "$HOST_NAME"); then
    kill -s RTMIN+4 "$pid"
    wait_until 20 all_empty "$cgroup" || { kill_cgroup "$cgroup"; wait_until 10 all_empty "$cgroup"; } ||
      die "fault: $HOST_NAME did not power off"
  fi
  ip netns del "$(netns_name "$LAB_INDEX" "$HOST_NAME")" 2>/dev/null || true
}
