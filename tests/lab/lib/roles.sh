# Which host plays which part in each topology. Hosts are assigned in order:
#   haproxy-keepalived: load balancers, then controllers (up to 3), then workers
#   cplb:               controllers (up to 3), then workers
#   external:           h1 is the lab-made external load balancer (not a cluster host), then as cplb
# Fewer hosts give fewer of each, never fewer than one controller.

check_topology_size() {
  case $LAB_TOPOLOGY in
    haproxy-keepalived) ((LAB_HOSTS >= 2)) || die "topology haproxy-keepalived needs at least 2 hosts (a load balancer and a controller)" ;;
    external) ((LAB_HOSTS >= 2)) || die "topology external needs at least 2 hosts (h1 is the external load balancer)" ;;
    cplb) ;;
    *) die "unknown topology '$LAB_TOPOLOGY' (haproxy-keepalived, cplb, external)" ;;
  esac
}

# Prints the role of host number N: loadbalancer, external-loadbalancer, controller or worker.
host_role() {
  local n=$1 lbs=0 first_k0s
  case $LAB_TOPOLOGY in
    haproxy-keepalived)
      if ((LAB_HOSTS >= 5)); then lbs=2; else lbs=1; fi
      ((n <= lbs)) && { echo loadbalancer; return; } ;;
    external)
      lbs=1
      ((n == 1)) && { echo external-loadbalancer; return; } ;;
  esac
  first_k0s=$((lbs + 1))
  if ((n < first_k0s + 3)); then echo controller; else echo worker; fi
}
