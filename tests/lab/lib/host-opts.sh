# --host-opt parsing: "h3:user=deploy,sudo=nopasswd", "h5:port=2222", "h2:os=ubuntu-24.04",
# "h1:rsa-host-key=yes".
# Options for one host may be split over several --host-opt flags; later values win.

declare -gA OPT_USER=() OPT_SUDO=() OPT_PORT=() OPT_OS=() OPT_RSA_HOST_KEY=()
LAB_OS_CHOICES=(debian-12 ubuntu-22.04 ubuntu-24.04)

parse_host_opt() {
  local spec=$1 host pairs pair key value
  [[ $spec == *:* ]] || die "--host-opt '$spec': expected HOST:key=value[,key=value...]"
  host=${spec%%:*} pairs=${spec#*:}
  [[ $host =~ ^h[1-9][0-9]*$ ]] || die "--host-opt '$spec': host must be h1, h2, ..."
  IFS=, read -ra pairs <<<"$pairs"
  for pair in "${pairs[@]}"; do
    [[ $pair == *=* ]] || die "--host-opt '$spec': '$pair' is not key=value"
    key=${pair%%=*} value=${pair#*=}
    case $key in
      user)
        [[ $value =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "--host-opt '$spec': user '$value' is not a valid user name"
        OPT_USER[$host]=$value ;;
      sudo)
        [[ $value =~ ^(nopasswd|password|none)$ ]] || die "--host-opt '$spec': sudo must be nopasswd, password or none"
        OPT_SUDO[$host]=$value ;;
      port)
        [[ $value =~ ^[1-9][0-9]{0,4}$ && $value -le 65535 ]] || die "--host-opt '$spec': port '$value' is not a TCP port"
        OPT_PORT[$host]=$value ;;
      os)
        [[ " ${LAB_OS_CHOICES[*]} " == *" $value "* ]] || die "--host-opt '$spec': os must be one of ${LAB_OS_CHOICES[*]}"
        OPT_OS[$host]=$value ;;
      rsa-host-key)
        [[ $value =~ ^(yes|no)$ ]] || die "--host-opt '$spec': rsa-host-key must be yes or no"
        OPT_RSA_HOST_KEY[$host]=$value ;;
      *) die "--host-opt '$spec': unknown option '$key' (user, sudo, port, os, rsa-host-key)" ;;
    esac
  done
}

# Fails when an option names a host beyond --hosts or sets sudo for root.
check_host_opts() {
  local host n
  for host in "${!OPT_USER[@]}" "${!OPT_SUDO[@]}" "${!OPT_PORT[@]}" "${!OPT_OS[@]}" "${!OPT_RSA_HOST_KEY[@]}"; do
    n=${host#h}
    ((n <= LAB_HOSTS)) || die "--host-opt names $host but the lab has only $LAB_HOSTS hosts"
  done
  for host in "${!OPT_SUDO[@]}"; do
    [[ ${OPT_USER[$host]:-root} != root ]] || die "--host-opt $host: sudo=${OPT_SUDO[$host]} needs a non-root user= as well"
  done
}
