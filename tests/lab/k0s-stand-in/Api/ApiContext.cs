using K0sStandIn.Etcd;
using K0sStandIn.Kube;
using K0sStandIn.Pki;
using K0sStandIn.Tokens;

namespace K0sStandIn.Api;

/// <summary>What the API and join API handlers work with.</summary>
internal sealed record ApiContext(
    EtcdClient Etcd,
    NodeStore Nodes,
    TokenStore Tokens,
    ApiHealth Health,
    CertificateAuthority ClusterCa,
    PkiLayout Pki,
    string AdvertisedAddress,
    TimeProvider Clock);
