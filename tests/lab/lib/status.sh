# lab status: each host, its address, whether its systemd and sshd are up (hosts checked in parallel).
# Exit status 0 when every host is up, 1 otherwise.

usage_status() { echo "usage: lab status [--dir DIR]"; }

cmd_status() {
  while (($#)); do
    case $1 in
      --dir) LAB_DIR=${2:-}; shift 2 ;;
      -h | --help) usage_status; return 0 ;;
      *) usage_status >&2; die "status: unknown argument '$1'" ;;
    esac
  done
  LAB_DIR=$(absolute_dir "$LAB_DIR")
  load_lab
  local name all_up=1
  STATUS_DIR=$(mktemp -d)
  # shellcheck disable=SC2046
  for_each_in_parallel host_status $(host_names) || all_up=0
  echo "lab $LAB_INDEX: $LAB_HOSTS hosts ($LAB_TOPOLOGY) on $LAB_SUBNET, bridge $LAB_BRIDGE, dir $LAB_DIR"
  printf '%-6s %-14s %-6s %-8s %-24s %-12s %s\n' HOST ADDRESS PORT USER ROLE SYSTEMD SSHD
  for name in $(host_names); do cat "$STATUS_DIR/$name"; done
  rm -rf "$STATUS_DIR"
  ((all_up))
}

# Writes the host's status line to STATUS_DIR/HOST; fails unless systemd is running and sshd up.
host_status() {
  local name=$1 systemd sshd=down
  load_host "$name"
  systemd=$(systemd_state "$name")
  ! ssh_banner_answers "$HOST_ADDRESS" "$HOST_PORT" || sshd=up
  printf '%-6s %-14s %-6s %-8s %-24s %-12s %s\n' "$name" "$HOST_ADDRESS" "$HOST_PORT" "$HOST_USER" "$HOST_ROLE" \
    "$systemd" "$sshd" >"$STATUS_DIR/$name"
  [[ $systemd == running && $sshd == up ]]
}

# down, frozen, booting, or what `systemctl is-system-running` says (running, degraded, ...).
systemd_state() {
  local name=$1 pid state
  pid=$(host_pid "$name") || { echo down; return; }
  if grep -q '^frozen 1' "$(cgroup_dir "$LAB_INDEX" "$name")/cgroup.events" 2>/dev/null; then echo frozen; return; fi
  host_init_pid "$name" >/dev/null || { echo booting; return; }
  state=$(timeout 5 nsenter --target "$pid" --all --root --wd /usr/bin/systemctl is-system-running 2>/dev/null) || true
  echo "${state:-unknown}"
}
