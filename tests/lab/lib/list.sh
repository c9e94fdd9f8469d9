# lab list: every lab on this machine (anyone's), found by its bridge, with the directory it was made for.

cmd_list() {
  local link index dir
  printf '%-6s %-16s %-6s %s\n' INDEX SUBNET HOSTS DIR
  while read -r link; do
    index=${link#hlab}
    dir=$(ip -d link show dev "$link" | sed -n 's/^ *alias hactl lab //p')
    printf '%-6s %-16s %-6s %s\n' "$index" "$(subnet_prefix "$index").0/24" \
      "$(compgen -G "/run/netns/hlab$index-h*" | wc -l)" "${dir:-?}"
  done < <(ip -o link show type bridge | awk -F': ' '$2 ~ /^hlab[0-9]+$/ {print $2}' | sort -V)
}
