# Booting the hosts: a few at a time (LAB_BOOT_PARALLEL, default 4 per CPU), each launched and then
# waited for until its systemd is running and its sshd lets the lab key in. Bounding the number of
# hosts booting at once keeps a big lab from thrashing the machine and keeps per-host timeouts fair.

boot_hosts() {
  local name pid failed=0 booting=() parallel=${LAB_BOOT_PARALLEL:-$(($(nproc) * 4))}
  for name in $(host_names); do
    if ((${#booting[@]} >= parallel)); then
      reap_boot_job || failed=1
    fi
    ((!failed)) || break
    boot_and_wait "$name" &
    booting+=($!)
  done
  while ((!failed && ${#booting[@]} > 0)); do
    reap_boot_job || failed=1
  done
  if ((failed)); then
    # The hosts still booting are about to be taken down: stop waiting for them.
    for pid in "${booting[@]}"; do kill_tree "$pid"; done
    return 1
  fi
}

# Waits for the next boot job to end, drops exactly that one from `booting` and returns its status.
# One job at a time: two that end together are reaped by two calls, so neither's failure is lost.
reap_boot_job() {
  local finished="" status=0 pid kept=()
  wait -n -p finished "${booting[@]}" || status=$?
  if [[ -z $finished ]]; then
    note "lost track of the boot jobs (wait exited $status)"
    booting=()
    return 1
  fi
  for pid in "${booting[@]}"; do
    [[ $pid == "$finished" ]] || kept+=("$pid")
  done
  booting=("${kept[@]}")
  return "$status"
}

boot_and_wait() {
  boot_host "$1"
  record_init_pid "$1" && wait_host_ready "$1"
}

# Starts the host detached: into its own cgroup (so systemd has a tree of its own and the freezer
# works), then its netns, then new mount/pid/uts/ipc/cgroup namespaces running host-boot.sh.
# The launcher subshell runs only builtins before its exec, so it forks nothing of its own.
boot_host() {
  local name=$1 dir cgroup netns
  dir=$(host_dir "$name")
  cgroup=$(cgroup_dir "$LAB_INDEX" "$name")
  netns=$(netns_name "$LAB_INDEX" "$name")
  mkdir -p "$cgroup" "$dir/mnt/rw" "$dir/mnt/root"
  (
    echo "$BASHPID" >"$cgroup/cgroup.procs"
    exec setsid ip netns exec "$netns" \
      unshare --mount --pid --uts --ipc --cgroup --fork --propagation private "$LAB_HOME/lib/host-boot.sh" "$dir" "$LAB_DIR/common"
  ) </dev/null >"$dir/console.log" 2>&1 &
  echo $! >"$dir/launcher.pid"
  disown $!
}

# Records the host's PID 1 for exec, faults and down: the launcher's child that is PID 1 of a new
# PID namespace. Telling it by its namespace, not by being a child, is what makes this race-free.
record_init_pid() {
  local name=$1 dir launcher pid
  dir=$(host_dir "$name")
  launcher=$(<"$dir/launcher.pid")
  if ! pid=$(wait_until 30 namespace_init_of "$launcher"); then
    if process_alive "$launcher"; then
      boot_failed "$name" "no PID 1 in a new PID namespace 30 s after its launcher (pid $launcher) started"
    else
      boot_failed "$name" "its launcher (pid $launcher: ip netns exec, unshare) exited, and with it the host's PID 1, before the lab saw that PID 1 running"
    fi
    return 1
  fi
  echo "$pid" >"$dir/init.pid"
}

# Prints the child of LAUNCHER whose NSpid ends in 1, i.e. the init of a PID namespace of its own.
# Exits 2 (the wait is over) once the launcher is gone.
namespace_init_of() {
  local launcher=$1 child
  process_alive "$launcher" || return 2
  for child in $(cat "/proc/$launcher/task/"*/children 2>/dev/null); do
    [[ $(namespace_pid "$child") != 1 ]] || { echo "$child"; return 0; }
  done
  return 1
}

# PID's number in its innermost PID namespace (the last field of NSpid in its status).
namespace_pid() {
  local key fields=()
  while read -r key rest; do
    [[ $key == NSpid: ]] || continue
    read -ra fields <<<"$rest"
    echo "${fields[-1]}"
    return 0
  done 2>/dev/null <"/proc/$1/status"
  return 1
}

# Every way a host can fail to boot is reported alike: which host, why it is judged dead, and the
# end of what its PID 1 and systemd printed.
boot_failed() {
  local name=$1 why=$2 console
  console=$(tail -n 8 "$(host_dir "$name")/console.log" 2>/dev/null | tr '\n' ' ')
  note "$name did not boot: $why; its console said: ${console:-(nothing)}"
}

# Succeeds once PID 1 is systemd; stops the wait at once (exit 2) when PID 1 died.
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
  local name=$1 dir state timeout=60
  dir=$(host_dir "$name")
  load_host "$name"
  if ! wait_until "$timeout" systemd_started "$name"; then
    if host_pid "$name" >/dev/null; then
      boot_failed "$name" "its PID 1 is still '$(cat "/proc/$(<"$dir/init.pid")/comm" 2>/dev/null)', not systemd, after $timeout s"
    else
      boot_failed "$name" "its PID 1 (pid $(<"$dir/init.pid")) exited before systemd started"
    fi
    return 1
  fi
  trace "$name: systemd started"
  state=$(wait_until "$timeout" settled_state "$name" "$timeout") || true
  if [[ $state != running ]]; then
    boot_failed "$name" "systemd is '${state:-silent}' after $timeout s, not 'running'; failed units: $(host_nsenter "$name" systemctl --failed --no-legend --plain 2>&1 | tr '\n' ' ')"
    return 1
  fi
  trace "$name: systemd running"
  wait_until "$timeout" ssh -F "$LAB_DIR/ssh_config" -o ConnectTimeout=2 "$name" true 2>/dev/null ||
    { boot_failed "$name" "sshd does not let the lab key in as $HOST_USER@$HOST_ADDRESS:$HOST_PORT after $timeout s"; return 1; }
  trace "$name: ssh ready"
}
