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

  local started=$SECONDS n
  trap up_failed EXIT
  claim_index
  trace "index $LAB_INDEX claimed"
  make_lab_key
  seed_common
  for ((n = 1; n <= LAB_HOSTS; n++)); do
    plan_host "$n"
    seed_host "h$n"
  done
  [[ $LAB_TOPOLOGY != external ]] || seed_external_lb
  trace "hosts planned and seeded"
  make_network
  trace "network made"
  raise_inotify_limits
  LAB_AUTH_PASS=$(random_text 8)
  write_outputs
  trace "files written"
  boot_hosts || die "up: some hosts did not become ready (see above)"
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
  if [[ -n ${LAB_KEEP_ON_FAILURE:-} ]]; then
    note "up of lab ${LAB_INDEX:-?} failed; left up for inspection (LAB_KEEP_ON_FAILURE): lab down --dir $LAB_DIR"
    exit 1
  fi
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

# Every systemd, journald, logind and dbus of every host takes inotify instances from root's one
# machine-wide budget (no user namespaces here), 128 by default: a dozen hosts exhaust it and their
# units fail with "Too many open files". Raised, never lowered.
raise_inotify_limits() {
  local key wanted
  for key in max_user_instances:8192 max_user_watches:524288; do
    wanted=${key#*:} key=fs.inotify.${key%%:*}
    (($(sysctl -n "$key") >= wanted)) || sysctl -q -w "$key=$wanted"
  done
}

make_lab_key() {
  ssh-keygen -q -t ed25519 -N '' -C "hactl-lab-$LAB_INDEX" -f "$LAB_DIR/id_lab"
  # A user CA every host's sshd trusts (TrustedUserCAKeys), for tests of certificate logins.
  ssh-keygen -q -t ed25519 -N '' -C "hactl-lab-$LAB_INDEX user CA" -f "$LAB_DIR/lab_ca"
}
