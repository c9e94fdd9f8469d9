# Topology "external": h1 plays the user's own load balancer, made by the lab rather than by hactl.
# HAProxy (a systemd unit in h1) forwards the Kubernetes API, konnectivity and controller join ports
# to every controller with TCP health checks.

LAB_LB_PORTS=(kube_api:6443 konnectivity:8132 controller_join:9443)

seed_external_lb() {
  local seed wants
  seed=$(host_dir h1)/seed
  wants=$seed/etc/systemd/system/multi-user.target.wants
  mkdir -p "$seed/etc/haproxy" "$wants"
  write_external_haproxy_cfg >"$seed/etc/haproxy/haproxy.cfg"
  ln -sf /lib/systemd/system/haproxy.service "$wants/haproxy.service"
}

write_external_haproxy_cfg() {
  local entry name port
  cat <<CFG
# The lab's stand-in for a user's external load balancer (written by tests/lab/lab up).
global
  log /dev/log local0

defaults
  mode tcp
  log global
  option tcplog
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  default-server inter 1s fall 2 rise 2
CFG
  for entry in "${LAB_LB_PORTS[@]}"; do
    name=${entry%%:*} port=${entry#*:}
    printf '\nfrontend %s\n  bind :%s\n  default_backend %s\n\nbackend %s\n' "$name" "$port" "$name" "$name"
    for_each_host_env external_backend_line "$port"
  done
}

external_backend_line() {
  [[ $HOST_ROLE == controller ]] || return 0
  printf '  server %s %s:%s check\n' "$HOST_NAME" "$HOST_ADDRESS" "$1"
}
