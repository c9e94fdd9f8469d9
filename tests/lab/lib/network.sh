# The lab's network: bridge hlab<I> at 10.99.I.1/24 on this machine, and per host a network
# namespace hlab<I>-h<N> whose eth0 (10.99.I.(10+N)/24, no default route) is cabled to the bridge
# by veth hlab<I>h<N>. Lab traffic never leaves the bridge.

make_bridge() {
  local bridge
  bridge=$(bridge_name "$LAB_INDEX")
  ip link add "$bridge" type bridge
  ip link set "$bridge" alias "hactl lab $LAB_DIR"
  ip addr add "$(subnet_prefix "$LAB_INDEX").1/24" dev "$bridge"
  ip link set "$bridge" up
}

# All hosts' namespaces and cables with a handful of `ip` processes, whatever the number of hosts.
make_network() {
  local n ns veth bridge
  bridge=$(bridge_name "$LAB_INDEX")
  for ((n = 1; n <= LAB_HOSTS; n++)); do ip netns add "$(netns_name "$LAB_INDEX" "h$n")"; done
  for ((n = 1; n <= LAB_HOSTS; n++)); do
    ns=$(netns_name "$LAB_INDEX" "h$n") veth=$(veth_name "$LAB_INDEX" "h$n")
    echo "link add $veth type veth peer name eth0 netns $ns"
    echo "link set $veth master $bridge up"
  done | ip -batch -
  for ((n = 1; n <= LAB_HOSTS; n++)); do
    printf 'link set lo up\naddr add %s/24 dev eth0\nlink set eth0 up\n' "$(host_address "$LAB_INDEX" "$n")" |
      ip -n "$(netns_name "$LAB_INDEX" "h$n")" -batch -
  done
}
