# The files `up` hands to its users: hosts.json, known_hosts, ssh_config, cluster.yaml.
# Every value written here is the lab's own (names, addresses, numbers, paths), never user text.

for_each_host_env() {   # runs "$@" once per host with that host's host.env loaded
  local name
  for name in $(host_names); do
    # shellcheck source=/dev/null
    source "$(host_dir "$name")/host.env"
    "$@"
  done
}

write_outputs() {
  write_known_hosts >"$LAB_DIR/known_hosts"
  write_ssh_config >"$LAB_DIR/ssh_config"
  write_hosts_json >"$LAB_DIR/hosts.json"
  write_cluster_yaml >"$LAB_DIR/cluster.yaml"
  chmod 600 "$LAB_DIR/cluster.yaml" "$LAB_DIR/hosts.json"
}

write_known_hosts() { for_each_host_env known_hosts_line; }
known_hosts_line() {
  local key target=$HOST_ADDRESS
  key=$(cut -d' ' -f1,2 "$(host_dir "$HOST_NAME")/seed/etc/ssh/ssh_host_ed25519_key.pub")
  [[ $HOST_PORT == 22 ]] || target="[$HOST_ADDRESS]:$HOST_PORT"
  echo "$target $key"
}

write_ssh_config() {
  echo "# ssh -F $LAB_DIR/ssh_config h1"
  for_each_host_env ssh_config_block
  cat <<CONF
Host *
  IdentityFile $LAB_DIR/id_lab
  IdentitiesOnly yes
  UserKnownHostsFile $LAB_DIR/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
CONF
}
ssh_config_block() { printf 'Host %s\n  HostName %s\n  Port %s\n  User %s\n' "$HOST_NAME" "$HOST_ADDRESS" "$HOST_PORT" "$HOST_USER"; }

write_hosts_json() {
  local first=1
  echo "["
  for_each_host_env hosts_json_object
  printf '\n]\n'
}
hosts_json_object() {
  local password=""
  [[ -z $HOST_SUDO_PASSWORD ]] || password=$(printf ', "sudoPassword": "%s"' "$HOST_SUDO_PASSWORD")
  ((first)) || printf ',\n'
  first=0
  printf '  {"name": "%s", "address": "%s", "port": %s, "user": "%s", "keyPath": "%s", "role": "%s", "os": "%s", "sudo": "%s"%s}' \
    "$HOST_NAME" "$HOST_ADDRESS" "$HOST_PORT" "$HOST_USER" "$LAB_DIR/id_lab" "$HOST_ROLE" "$HOST_OS" "$HOST_SUDO" "$password"
}

write_cluster_yaml() {
  cat <<YAML
# Written by 'tests/lab/lab up' for lab $LAB_INDEX ($LAB_TOPOLOGY, $LAB_HOSTS hosts). Holds the VRRP password.
apiVersion: hactl.dev/v1beta1
kind: Cluster
metadata:
  name: lab$LAB_INDEX
spec:
  hosts:
YAML
  for_each_host_env cluster_host_yaml
  write_load_balancer_yaml
  cat <<YAML
  k0s:
    version: v1.33.4+k0s.0
YAML
}

cluster_host_yaml() {
  [[ $HOST_ROLE != external-loadbalancer ]] || return 0
  cat <<YAML
    - role: $HOST_ROLE
      ssh:
        address: $HOST_ADDRESS
        user: $HOST_USER
        port: $HOST_PORT
        keyPath: $LAB_DIR/id_lab
YAML
  # Load balancer hosts run no k0s, so they get no binary.
  [[ $HOST_ROLE == loadbalancer ]] && return 0
  cat <<YAML
      uploadBinary: true
      k0sBinaryPath: $LAB_K0S
YAML
}

write_load_balancer_yaml() {
  echo "  loadBalancer:"
  echo "    type: $LAB_TOPOLOGY"
  case $LAB_TOPOLOGY in
    external) echo "    address: $(host_address "$LAB_INDEX" 1)" ;;
    *)
      cat <<YAML
    virtualIP: $LAB_VIP/24
    virtualRouterID: $LAB_VRID
    authPass: "$LAB_AUTH_PASS"
YAML
      ;;
  esac
}
