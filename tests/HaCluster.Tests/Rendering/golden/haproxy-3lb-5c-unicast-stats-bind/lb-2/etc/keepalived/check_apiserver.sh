#!/bin/sh
# Managed by hactl: changes are overwritten by `hactl apply`.
# keepalived runs this to decide whether this host should hold the API's virtual IP:
# it succeeds when the Kubernetes API answers /readyz through the HAProxy on this host.
# --insecure: a probe of the path through the proxy, not a trust decision (LB hosts hold no cluster CA).
exec curl --silent --fail --insecure --max-time 2 --output /dev/null 'https://127.0.0.1:6443/readyz'
