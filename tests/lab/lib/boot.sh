# Booting the hosts: a few at a time (LAB_BOOT_PARALLEL, default 4 per CPU), each launched and then
# waited for until its systemd is running and its sshd lets the lab key in. Bounding the number of
# hosts booting at once keeps a big lab from thrashing the machine and keeps per-host timeouts fair.

boot_hosts() {
  local name failed=0 booting=() parallel=${LAB_BOOT_PARALLEL:-$(($(nproc) * 4))}
  for name in $(host_names); do
    if ((${#booting[@]} >= parallel)); then
      wait -n || failed=1
      forget_finished
    fi
    ((!failed)) || break
    boot_and_wait "$name" &
    booting+=($!)
  done
  while ((!failed && ${#booting[@]} > 0)); do
    wait -n || failed=1
    forget_finished
  done
  if ((failed)); then
    # The hosts still booting are about to be taken down: stop waiting for them.
    for name in "${booting[@]}"; do kill_tree "$name"; done
    return 1
  fi
}

# Keeps in `booting` only the boot jobs still running.
forget_finished() {
  local pid alive=()
  for pid in "${booting[@]}"; do
    ! kill -0 "$pid" 2>/dev/null || alive+=("$pid")
  done
  booting=("${alive[@]}")
}

boot_and_wait() {
  boot_host "$1"
  record_init_pid "$1" && wait_host_ready "$1"
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
      unshare --mount --pid --uts --ipc --cgroup --fork --propagation private "$LAB_HOME/lib/host-boot.sh" "$dir" "$LAB_DIR/common"
  ) </dev/null >"$dir/console.log" 2>&1 &
  echo $! >"$dir/launcher.pid"
  disown $!
}

# The host's PID 1 is the child unshare forks; record it for exec, faults and down.
record_init_pid() {
  local name=$1 dir launcher
  dir=$(host_dir "$name")
  launcher=$(cat "$dir/launcher.pid")
  wait_until 30 first_child "$launcher" >"$dir/init.pid" ||
    { note "$name did not start; its console said: $(tail -n 5 "$dir/console.log" | tr '\n' ' ')"; return 1; }
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
  local name=$1 dir state timeout=60
  dir=$(host_dir "$name")
  load_host "$name"
  wait_until "$timeout" systemd_started "$name" ||
    { note "$name: systemd did not start; its console said: $(tail -n 5 "$dir/console.log" | tr '\n' ' ')"; return 1; }
  trace "$name: systemd started"
  state=$(wait_until "$timeout" settled_state "$name" "$timeout") || true
  if [[ $state != running ]]; then
    note "$name: systemd is '$state'; failed units: $(host_nsenter "$name" systemctl --failed --no-legend --plain 2>&1 | tr '\n' ' ')"
    return 1
  fi
  trace "$name: systemd running"
  wait_until "$timeout" ssh -F "$LAB_DIR/ssh_config" -o ConnectTimeout=2 "$name" true 2>/dev/null ||
    { note "$name: sshd does not let the lab key in as $HOST_USER@$HOST_ADDRESS:$HOST_PORT"; return 1; }
  trace "$name: ssh ready"
}
