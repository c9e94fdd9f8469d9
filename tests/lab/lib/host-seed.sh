# What makes each host itself: its facts (host.env) and its seed, a small tree copied over the
# machine's / in the host's overlay before systemd starts (see host-boot.sh).

# Units a container host must not run (no devices, no consoles), masked in every host.
LAB_MASKED_UNITS=(systemd-udevd.service systemd-udev-trigger.service systemd-udev-settle.service
                  systemd-udevd-control.socket systemd-udevd-kernel.socket
                  getty@tty1.service serial-getty@ttyS0.service console-getty.service)
# Generators with nothing to find in a container (disks, consoles, hibernation, postgres clusters):
# masked, they cost nothing at boot and at every daemon-reload.
LAB_MASKED_GENERATORS=(systemd-cryptsetup-generator systemd-gpt-auto-generator systemd-hibernate-resume-generator
                       systemd-integritysetup-generator systemd-veritysetup-generator systemd-getty-generator
                       systemd-system-update-generator postgresql-generator)

random_text() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom 2>/dev/null | head -c "$1" || true; }

# Writes DIR/hosts/hN/host.env from the topology and the --host-opt flags.
plan_host() {
  local n=$1 name=h$1 user os sudo="none" password="" dir
  dir=$(host_dir "$name")
  mkdir -p "$dir"
  user=${OPT_USER[$name]:-root}
  [[ $user == root ]] || sudo=${OPT_SUDO[$name]:-nopasswd}
  [[ $sudo == password ]] && password=$(random_text 16)
  os=${OPT_OS[$name]:-${LAB_OS_CHOICES[$(((n - 1) % ${#LAB_OS_CHOICES[@]}))]}}
  cat >"$dir/host.env" <<ENV
HOST_NAME=$name
HOST_NUMBER=$n
HOST_ADDRESS=$(host_address "$LAB_INDEX" "$n")
HOST_PORT=${OPT_PORT[$name]:-22}
HOST_USER=$user
HOST_SUDO=$sudo
HOST_SUDO_PASSWORD=$password
HOST_OS=$os
HOST_ROLE=$(host_role "$n")
HOST_RSA_HOST_KEY=${OPT_RSA_HOST_KEY[$name]:-no}
ENV
}

# Builds DIR/common, copied into every host before its own seed: /etc/hosts naming every lab
# host, a resolv.conf without servers (no DNS in the lab), masked units and generators.
seed_common() {
  local common=$LAB_DIR/common n unit
  mkdir -p "$common/etc/systemd/system" "$common/etc/systemd/system-generators"
  {
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
    for ((n = 1; n <= LAB_HOSTS; n++)); do printf '%s\th%s\n' "$(subnet_prefix "$LAB_INDEX").$((10 + n))" "$n"; done
  } >"$common/etc/hosts"
  echo "# lab hosts have no DNS: lab names resolve through /etc/hosts" >"$common/etc/resolv.conf"
  for unit in "${LAB_MASKED_UNITS[@]}"; do ln -s /dev/null "$common/etc/systemd/system/$unit"; done
  for unit in "${LAB_MASKED_GENERATORS[@]}"; do ln -s /dev/null "$common/etc/systemd/system-generators/$unit"; done
}

# Builds DIR/hosts/hN/seed: hostname, os-release, machine-id, sshd config, host key and the lab's
# user CA, root's authorized_keys.
seed_host() {
  local name=$1 dir seed
  dir=$(host_dir "$name")
  # shellcheck source=/dev/null
  source "$dir/host.env"
  seed=$dir/seed
  mkdir -p "$seed"/etc/ssh "$seed"/root/.ssh
  chmod 700 "$seed"/root "$seed"/root/.ssh

  echo "$name" >"$seed/etc/hostname"
  cp "$LAB_HOME/os-release/$HOST_OS" "$seed/etc/os-release"
  printf '%08x%08x%08x%08x\n' "$SRANDOM" "$SRANDOM" "$SRANDOM" "$SRANDOM" >"$seed/etc/machine-id"
  ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$seed/etc/ssh/ssh_host_ed25519_key"
  # known_hosts never lists this one: it is there for clients that must ask for the RSA key themselves.
  [[ $HOST_RSA_HOST_KEY != yes ]] || ssh-keygen -q -t rsa -b 3072 -N '' -C "$name" -f "$seed/etc/ssh/ssh_host_rsa_key"
  write_sshd_config >"$seed/etc/ssh/sshd_config"
  cp "$LAB_DIR/lab_ca.pub" "$seed/etc/ssh/lab_user_ca.pub"
  cp "$LAB_DIR/id_lab.pub" "$seed/root/.ssh/authorized_keys"
  chmod 600 "$seed/root/.ssh/authorized_keys"
}

write_sshd_config() {
  local root_login=prohibit-password
  [[ $HOST_USER == root ]] || root_login=no
  cat <<CONF
# Written by the lab for $HOST_NAME.
Port $HOST_PORT
HostKey /etc/ssh/ssh_host_ed25519_key
$([[ $HOST_RSA_HOST_KEY != yes ]] || echo "HostKey /etc/ssh/ssh_host_rsa_key")
PermitRootLogin $root_login
PubkeyAuthentication yes
TrustedUserCAKeys /etc/ssh/lab_user_ca.pub
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
PrintMotd no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
}
