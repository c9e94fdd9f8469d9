# lab up: network, hosts, files, then wait until every host's systemd and sshd are ready.

usage_up() {
  cat <<USAGE
usage: lab up --hosts N [--topology haproxy-keepalived|cplb|external] [--dir DIR] [--k0s PATH]
              [--host-opt HOST:key=value,...]...
  host options: user=NAME  sudo=nopasswd|password|none  port=N  os=${LAB_OS_CHOICES[*]// /|}
USAGE
}

cmd_up() {
  LAB_HOSTS="" LAB_TOPOLOGY=haproxy-keepalived LAB_K0S=""
  while (($#)); do
    case $1 in
      --hosts) LAB_HOSTS=${2:-}; shift 2 ;;
      --topology) LAB_TOPOLOGY=${2:-}; shift 2 ;;
      --dir) LAB_DIR=${2:-}; shift 2 ;;
      --k0s) LAB_K0S=${2:-}; shift 2 ;;
      --host-opt) parse_host_opt "${2:-}"; shift 2 ;;
      -h | --help) usage_up; return 0 ;;
      *) usage_up >&2; die "up: unknown argument '$1'" ;;
    esac
  done
  [[ $LAB_HOSTS =~ ^[1-9][0-9]*$ && $LAB_HOSTS -le $LAB_MAX_HOSTS ]] ||
    die "up: --hosts must be a number from 1 to $LAB_MAX_HOSTS (got '${LAB_HOSTS}')"
  check_topology_size
  check_host_opts
  LAB_DIR=$(absolute_dir "$LAB_DIR")
  mkdir -p "$LAB_DIR"
  [[ ! -f $LAB_DIR/lab.env ]] || die "up: $LAB_DIR already holds a lab: run 'lab down --dir $LAB_DIR' first"
  resolve_k0s

  local started=$SECONDS
  trap up_failed EXIT
  claim_index
  trace "index $LAB_INDEX claimed"
  make_lab_key
  local numbers
  numbers=$(seq 1 "$LAB_HOSTS")
  # shellcheck disable=SC2086
  for_each_in_parallel prepare_host $numbers || die "up: preparing the hosts failed"
  trace "hosts planned, seeded and cabled"
  [[ $LAB_TOPOLOGY != external ]] || seed_external_lb
  LAB_AUTH_PASS=$(random_text 8)
  write_outputs
  trace "files written"
  local name
  for name in $(host_names); do boot_host "$name"; done
  trace "hosts launched"
  for name in $(host_names); do record_init_pid "$name"; done
  trace "hosts booting"
  # shellcheck disable=SC2046
  for_each_in_parallel wait_host_ready $(host_names) || die "up: some hosts did not become ready (see above)"
  trace "hosts ready"
  trap - EXIT

  echo "lab $LAB_INDEX up: $LAB_HOSTS hosts ($LAB_TOPOLOGY) on $(subnet_prefix "$LAB_INDEX").0/24 in $((SECONDS - started)) s"
  echo "hosts.json:   $LAB_DIR/hosts.json"
  echo "cluster.yaml: $LAB_DIR/cluster.yaml"
  echo "ssh:          ssh -F $LAB_DIR/ssh_config h1"
}

# On any failure after the index is claimed: report, then take down whatever was made.
up_failed() {
  local status=$?
  trap - EXIT
  note "up of lab ${LAB_INDEX:-?} failed; taking down what was made"
  down_lab >&2 || true
  exit $((status == 0 ? 1 : status))
}

# The k0s binary cluster.yaml points at: --k0s, or the stand-in, published on first use.
resolve_k0s() {
  if [[ -n $LAB_K0S ]]; then
    [[ -f $LAB_K0S ]] || die "up: --k0s $LAB_K0S: no such file"
    LAB_K0S=$(cd "$(dirname "$LAB_K0S")" && pwd)/$(basename "$LAB_K0S")
    return
  fi
  local repo out
  repo=$(repo_root)
  out=$repo/artifacts/k0s-stand-in
  LAB_K0S=$out/k0s
  [[ -x $LAB_K0S ]] && return
  note "publishing the k0s stand-in to $out"
  (
    flock 9
    [[ -x $LAB_K0S ]] || dotnet publish "$repo/tests/lab/k0s-stand-in/K0sStandIn.csproj" -c Release -o "$out" -nologo -v quiet >&2
  ) 9>"$LAB_LOCK.k0s" || die "up: publishing the k0s stand-in failed"
  [[ -x $LAB_K0S ]] || die "up: the k0s stand-in publish did not produce $LAB_K0S"
}

# Takes the lowest free index, under a machine-wide lock so concurrent `up`s never share one.
claim_index() {
  local i lock
  exec {lock}>"$LAB_LOCK"
  flock "$lock"
  for ((i = 0; i <= LAB_MAX_INDEX; i++)); do
    index_in_use "$i" && continue
    LAB_INDEX=$i
    make_bridge
    break
  done
  flock -u "$lock"
  exec {lock}>&-
  [[ -n ${LAB_INDEX:-} ]] || die "up: no free lab index (0..$LAB_MAX_INDEX all in use)"
  LAB_VIP=$(subnet_prefix "$LAB_INDEX").250
  LAB_VRID=$((50 + LAB_INDEX))
  cat >"$LAB_DIR/lab.env" <<ENV
LAB_INDEX=$LAB_INDEX
LAB_HOSTS=$LAB_HOSTS
LAB_TOPOLOGY=$LAB_TOPOLOGY
LAB_SUBNET=$(subnet_prefix "$LAB_INDEX").0/24
LAB_BRIDGE=$(bridge_name "$LAB_INDEX")
LAB_VIP=$LAB_VIP
LAB_VRID=$LAB_VRID
LAB_K0S=$LAB_K0S
ENV
}

index_in_use() {
  local i=$1
  ip link show dev "$(bridge_name "$i")" &>/dev/null && return 0
  compgen -G "/run/netns/hlab$i-*" >/dev/null && return 0
  compgen -G "$(cgroup_root)/hlab$i-*" >/dev/null && return 0
  # Someone else's use of the subnet (e.g. a hand-made bridge) also makes it taken.
  [[ -n $(ip -4 route show "$(subnet_prefix "$i").0/24") ]]
}

make_bridge() {
  local bridge
  bridge=$(bridge_name "$LAB_INDEX")
  ip link add "$bridge" type bridge
  ip link set "$bridge" alias "hactl lab $LAB_DIR"
  ip addr add "$(subnet_prefix "$LAB_INDEX").1/24" dev "$bridge"
  ip link set "$bridge" up
}

prepare_host() {
  plan_host "$1"
  seed_host "h$1"
  make_host_network "$1"
}

make_lab_key() {
  ssh-keygen -q -t ed25519 -N '' -C "hactl-lab-$LAB_INDEX" -f "$LAB_DIR/id_lab"
}

# netns hlabI-hN with eth0 (its address, no default route), cabled to the bridge by veth hlabIhN.
make_host_network() {
  local n=$1 ns veth
  ns=$(netns_name "$LAB_INDEX" "h$n")
  veth=$(veth_name "$LAB_INDEX" "h$n")
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$(bridge_name "$LAB_INDEX")" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(host_address "$LAB_INDEX" "$n")/24" dev eth0
  ip -n "$ns" link set eth0 up
}

# Starts the host detached: into its own cgroup (so systemd has a tree of its own and the freezer
# works), then its netns, then new mount/pid/uts/ipc/cgroup namespaces running host-boot.sh.
boot_host() {
  local name=$1 dir cgroup
  dir=$(host_dir "$name")
  cgroup=$(cgroup_dir "$LAB_INDEX" "$name")
  mkdir -p "$cgroup" "$dir/mnt/rw" "$dir/mnt/root"
  (
    echo "$BASHPID" >"$cgroup/cgroup.procs"
    exec setsid ip netns exec "$(netns_name "$LAB_INDEX" "$name")" \
      unshare --mount --pid --uts --ipc --cgroup --fork --propagation private "$LAB_HOME/lib/host-boot.sh" "$dir"
  ) </dev/null >"$dir/console.log" 2>&1 &
  echo $! >"$dir/launcher.pid"
}

# The host's PID 1 is the child unshare forks; record it for exec, faults and down.
record_init_pid() {
  local name=$1 dir launcher
  dir=$(host_dir "$name")
  launcher=$(cat "$dir/launcher.pid")
  wait_until 10 first_child "$launcher" >"$dir/init.pid" ||
    die "up: $name did not start (see $dir/console.log): $(tail -n 5 "$dir/console.log")"
}
first_child() {
  local children
  children=$(cat "/proc/$1/task/$1/children" 2>/dev/null) || return 2
  [[ -n $children ]] || return 1
  echo "${children%% *}"
}

# Succeeds once PID 1 is systemd; stops the wait at once (exit 1 of the loop) when PID 1 died.
systemd_started() {
  host_pid "$1" >/dev/null || return 2
  host_init_pid "$1" >/dev/null
}

# What `systemctl is-system-running --wait` says once systemd has finished starting. Fails while
# systemd is too young to have opened its private socket.
settled_state() {
  local state
  state=$(timeout "$2" "$LAB_HOME/lab" exec --dir "$LAB_DIR" "$1" -- systemctl is-system-running --wait 2>&1) || true
  [[ $state != *"Failed to connect to bus"* ]] || return 1
  echo "$state"
}

# systemd reached "running" with no failed unit, and sshd lets the lab key in.
wait_host_ready() {
  local name=$1 dir state timeout=$((60 + LAB_HOSTS))
  dir=$(host_dir "$name")
  load_host "$name"
  wait_until "$timeout" systemd_started "$name" ||
    { note "$name: systemd did not start; its console said: $(tail -n 5 "$dir/console.log" | xargs)"; return 1; }
  trace "$name: systemd started"
  state=$(wait_until "$timeout" settled_state "$name" "$timeout") || true
  if [[ $state != running ]]; then
    note "$name: systemd is '$state'; failed units: $(host_nsenter "$name" systemctl --failed --no-legend --plain 2>&1 | xargs)"
    return 1
  fi
  trace "$name: systemd running"
  wait_until "$timeout" ssh -F "$LAB_DIR/ssh_config" -o ConnectTimeout=2 "$name" true 2>/dev/null ||
    { note "$name: sshd does not let the lab key in as $HOST_USER@$HOST_ADDRESS:$HOST_PORT"; return 1; }
  trace "$name: ssh ready"
}
