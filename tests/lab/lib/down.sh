# lab down: removes everything `up` made, found by the lab's index, so it also cleans up after a
# crash or a half-finished up. Idempotent. --index cleans up a lab whose directory is gone.

usage_down() { echo "usage: lab down [--dir DIR | --index I]"; }

cmd_down() {
  local index=""
  while (($#)); do
    case $1 in
      --dir) LAB_DIR=${2:-}; shift 2 ;;
      --index) index=${2:-}; shift 2 ;;
      -h | --help) usage_down; return 0 ;;
      *) usage_down >&2; die "down: unknown argument '$1'" ;;
    esac
  done
  if [[ -n $index ]]; then
    [[ $index =~ ^[0-9]+$ ]] || die "down: --index must be a number (see 'lab list')"
    LAB_INDEX=$index LAB_DIR=""
  else
    LAB_DIR=$(absolute_dir "$LAB_DIR")
    if [[ ! -f $LAB_DIR/lab.env ]]; then
      echo "no lab in $LAB_DIR: nothing to do"
      return 0
    fi
    load_lab
  fi
  down_lab
  echo "lab $LAB_INDEX down"
}

down_lab() {
  local cgroups
  mapfile -t cgroups < <(compgen -G "$(cgroup_root)/hlab$LAB_INDEX-h*" || true)
  stop_hosts "${cgroups[@]}"
  trace "hosts stopped"
  remove_cgroups "${cgroups[@]}"
  remove_network
  trace "network removed"
  remove_files
}

# A lab host holds nothing worth a clean shutdown (its disk, network and mounts go with it), and a
# graceful poweroff of systemd, etcd and k0s took about 8 s a lab: every process in the host cgroups
# is SIGKILLed at once (they are the lab's by construction), the recorded PIDs too.
stop_hosts() {
  local cgroup
  kill_recorded_processes
  for cgroup in "$@"; do kill_cgroup "$cgroup"; done
  wait_until 10 all_empty "$@" || note "processes still in $*"
}

kill_recorded_processes() {
  local file pid name
  for file in ${LAB_DIR:+"$LAB_DIR"/hosts/h*/*.pid}; do
    [[ -f $file ]] || continue
    pid=$(<"$file") name=$(basename "$(dirname "$file")")
    ! is_host_process "$pid" "$name" || kill -KILL "$pid" 2>/dev/null || true
  done
}

all_empty() {
  local cgroup
  for cgroup in "$@"; do
    [[ ! -d $cgroup ]] || grep -q '^populated 0' "$cgroup/cgroup.events" || return 1
  done
}

# SIGKILL for every process in a host's cgroup tree; they are the lab's by construction.
kill_cgroup() {
  local cgroup=$1 procs pid
  if [[ -f $cgroup/cgroup.kill ]]; then
    echo 1 >"$cgroup/cgroup.kill" 2>/dev/null || true   # gone already: a down running beside this one
    return
  fi
  while IFS= read -r procs; do
    while IFS= read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$procs"
  done < <(find "$cgroup" -name cgroup.procs)
}

# Child cgroups (made by the host's systemd) first.
remove_cgroups() {
  local cgroup
  for cgroup in "$@"; do
    if [[ -d $cgroup ]]; then find "$cgroup" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
    [[ ! -d $cgroup ]] || note "could not remove cgroup $cgroup"
  done
}

remove_network() {
  local link
  ip netns list | awk -v p="hlab$LAB_INDEX-h" 'index($1, p) == 1 {print "netns del", $1}' | ip -force -batch - ||
    note "could not delete every network namespace of lab $LAB_INDEX"
  for link in $(ip -o link show | awk -F': ' -v p="hlab${LAB_INDEX}h" '{sub(/@.*/, "", $2)} index($2, p) == 1 {print $2}'); do
    ip link del "$link" 2>/dev/null || true
  done
  ip link del "$(bridge_name "$LAB_INDEX")" 2>/dev/null || true
}

remove_files() {
  local mount
  [[ -n $LAB_DIR ]] || return 0
  # Host mounts live in the hosts' own mount namespaces; anything here would be a leak. Never let
  # rm walk into one.
  while IFS= read -r mount; do
    umount -l "$mount" || note "could not unmount $mount"
  done < <(awk -v d="$LAB_DIR/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r)
  rm -rf --one-file-system "$LAB_DIR/hosts" "$LAB_DIR/common"
  rm -f "$LAB_DIR"/{id_lab,id_lab.pub,lab_ca,lab_ca.pub,known_hosts,ssh_config,hosts.json,cluster.yaml,lab.env}
  rmdir "$LAB_DIR" 2>/dev/null || true
}
