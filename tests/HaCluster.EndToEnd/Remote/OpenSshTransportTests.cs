using HaCluster.Remote;

namespace HaCluster.EndToEnd.Remote;

/// <summary>The OpenSSH transport against real sshd: the transport contract, through the system ssh.</summary>
[Collection(SharedTransportLab.Name)]
public sealed class OpenSshTransportTests(TransportLab lab) : TransportContractTests(lab)
{
    protected override ITransport Create(TransportOptions options) => new OpenSshTransport(options);
}
