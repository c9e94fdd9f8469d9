using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

public class RemoteCommandBoundTests
{
    [Fact]
    public void A_root_command_of_a_sudo_user_is_bounded_inside_sudo()
    {
        RemoteCommand.Exec("id", "-un").ToShellText(viaSudo: true, TimeSpan.FromMinutes(30))
            .Should().Be("sudo -n -- timeout -k 10 1800 id -un");
    }

    [Fact]
    public void A_root_login_and_a_command_that_needs_no_root_are_bounded_without_sudo()
    {
        RemoteCommand.Exec("id", "-un").ToShellText(viaSudo: false, TimeSpan.FromSeconds(3)).Should().Be("timeout -k 10 3 id -un");
        (RemoteCommand.Exec("id", "-un") with { AsRoot = false }).ToShellText(viaSudo: true, TimeSpan.FromSeconds(3)).Should().Be("timeout -k 10 3 id -un");
    }

    [Fact]
    public void A_bound_of_part_of_a_second_rounds_up_and_never_to_zero()
    {
        RemoteCommand.Exec("true").ToShellText(false, TimeSpan.FromSeconds(1.2)).Should().Be("timeout -k 10 2 true");
        RemoteCommand.Exec("true").ToShellText(false, TimeSpan.Zero).Should().Be("timeout -k 10 1 true");
    }

    [Fact]
    public void A_script_keeps_its_quoting_inside_the_bound()
    {
        var script = RemoteCommand.Script("t", "echo \"$1\"", "it's");

        script.ToShellText(true, TimeSpan.FromSeconds(5)).Should().Be("sudo -n -- timeout -k 10 5 " + script.ToShellText(false));
    }

    [Fact]
    public void Without_a_bound_the_text_is_what_the_openssh_transport_sends()
    {
        RemoteCommand.Exec("id").ToShellText(true, bound: null).Should().Be(RemoteCommand.Exec("id").ToShellText(true)).And.Be("sudo -n -- id");
    }
}
