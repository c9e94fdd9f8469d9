# lab exec: a command in a host as root, out of band (nsenter into its PID 1's namespaces and root),
# so it works while sshd is stopped or the host is cut off. Exit status and output pass through;
# 255 when the lab cannot run it.

usage_exec() { echo "usage: lab exec [--dir DIR] HOST -- COMMAND [ARG...]"; }

cmd_exec() {
  local host=""
  LAB_FAIL_STATUS=255
  while (($#)); do
    case $1 in
      --dir) LAB_DIR=${2:-}; shift 2 ;;
      --) shift; break ;;
      -h | --help) usage_exec; return 0 ;;
      -*) usage_exec >&2; die "exec: unknown option '$1'" ;;
      *) [[ -z $host ]] || { usage_exec >&2; die "exec: one host only (got '$host' and '$1')"; }; host=$1; shift ;;
    esac
  done
  [[ -n $host && $# -gt 0 ]] || { usage_exec >&2; die "exec: a host and a command are needed"; }
  LAB_DIR=$(absolute_dir "$LAB_DIR")
  load_lab
  load_host "$host"
  host_nsenter "$HOST_NAME" "$@"
}
