#!/bin/bash
# PID 1 of a lab host until it becomes systemd. Runs inside the host's fresh namespaces
# (net, mount, pid, uts, ipc, cgroup; see boot_host in up.sh) and builds the host's root:
# an overlay of the machine's / with a tmpfs upper layer, so the host sees every installed
# package but all its writes stay in memory and vanish with it. Then it execs systemd there.
set -euo pipefail
# A failed step says which it was on the console, where `lab up` reads why the host did not boot.
trap 'echo "host-boot.sh: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR
host_dir=$1
common=$2
# shellcheck source=/dev/null
source "$host_dir/host.env"
rw=$host_dir/mnt/rw
root=$host_dir/mnt/root

mount -t tmpfs -o mode=755 lab-rw "$rw"
mkdir "$rw/upper" "$rw/work"
# The host's own /root and /home start empty: opaque, so the machine's are not seen through.
mkdir -m 700 "$rw/upper/root"
mkdir -m 755 "$rw/upper/home"
setfattr -n trusted.overlay.opaque -v y "$rw/upper/root" "$rw/upper/home"
mount -t overlay overlay -o "lowerdir=/,upperdir=$rw/upper,workdir=$rw/work" "$root"
cd "$root"

# Kernel file systems as a container manager gives them: a private /dev, tmpfs /run and /tmp.
mount -t proc proc proc
mount -t sysfs -o ro sysfs sys
mount -t cgroup2 cgroup2 sys/fs/cgroup
mount -t tmpfs -o mode=755 tmpfs dev
for node in null zero full random urandom tty; do
  touch "dev/$node"
  mount --bind "/dev/$node" "dev/$node"
done
mkdir dev/pts dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts dev/pts
ln -s pts/ptmx dev/ptmx
mount -t tmpfs tmpfs dev/shm
mount -t tmpfs -o mode=755 tmpfs run
mount -t tmpfs -o mode=1777 tmpfs tmp

# The machine's enabled services (etcd, haproxy, keepalived, postgresql, timers...) stay installed
# but disabled: a host runs only sshd until something enables more. The machine's host keys and
# its policy-rc.d (which stops apt from starting services) are not the host's.
find etc/systemd/system -type l ! -lname /dev/null ! -lname '*/ssh.service' -delete
rm -f etc/ssh/ssh_host_*
rm -f usr/sbin/policy-rc.d
cp -a etc/skel/. root/
cp -a --remove-destination "$common/." .
cp -a --remove-destination "$host_dir/seed/." .

if [[ $HOST_USER != root ]]; then
  chroot . useradd --create-home --shell /bin/bash "$HOST_USER"
  install -d -m 700 "home/$HOST_USER/.ssh"
  install -m 600 root/.ssh/authorized_keys "home/$HOST_USER/.ssh/authorized_keys"
  chroot . chown -R "$HOST_USER:$HOST_USER" "/home/$HOST_USER/.ssh"
  case $HOST_SUDO in
    nopasswd) echo "$HOST_USER ALL=(ALL:ALL) NOPASSWD:ALL" >"etc/sudoers.d/lab-$HOST_USER" ;;
    password)
      echo "$HOST_USER ALL=(ALL:ALL) ALL" >"etc/sudoers.d/lab-$HOST_USER"
      echo "$HOST_USER:$HOST_SUDO_PASSWORD" | chroot . chpasswd ;;
  esac
  [[ ! -f etc/sudoers.d/lab-$HOST_USER ]] || chmod 440 "etc/sudoers.d/lab-$HOST_USER"
fi

# The login user's systemd user manager lingers: each new SSH login then costs a handshake, not
# a user manager start (~1 s of CPU; logind stops it 10 s after the last session otherwise).
mkdir -p var/lib/systemd/linger
touch "var/lib/systemd/linger/$HOST_USER"

hostname "$HOST_NAME"
exec chroot . /usr/bin/env -i container=other /lib/systemd/systemd --log-target=console
