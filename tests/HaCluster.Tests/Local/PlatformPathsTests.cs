using HaCluster.Local;
using HaCluster.Spec;

namespace HaCluster.Tests.Local;

/// <summary>hactl's local paths the Unix and the Windows way, both checked here on Linux.</summary>
public class PlatformPathsTests
{
    private const string UnixHome = "/home/ops";
    private const string WindowsHome = @"C:\Users\ops";

    [Theory]
    [InlineData("~", "/home/ops")]
    [InlineData("~/", "/home/ops")]
    [InlineData("~/.ssh/id_ed25519", "/home/ops/.ssh/id_ed25519")]
    [InlineData(@"~\.ssh\id", @"~\.ssh\id")]
    [InlineData("~bob/.ssh/id", "~bob/.ssh/id")]
    [InlineData("/keys/id", "/keys/id")]
    public void On_unix_the_tilde_and_tilde_slash_are_home(string written, string expanded)
    {
        PlatformPaths.ExpandHome(written, UnixHome, isWindows: false).Should().Be(expanded);
    }

    [Theory]
    [InlineData("~", @"C:\Users\ops")]
    [InlineData(@"~\.ssh\id_ed25519", @"C:\Users\ops\.ssh\id_ed25519")]
    [InlineData("~/.ssh/id_ed25519", @"C:\Users\ops\.ssh\id_ed25519")]
    [InlineData(@"D:\keys\id", @"D:\keys\id")]
    public void On_windows_tilde_backslash_is_home_too_and_paths_join_with_backslashes(string written, string expanded)
    {
        PlatformPaths.ExpandHome(written, WindowsHome, isWindows: true).Should().Be(expanded);
    }

    [Fact]
    public void The_users_known_hosts_and_default_keys_are_under_dot_ssh()
    {
        var unix = new PlatformPaths(false, UnixHome, _ => null);
        var windows = new PlatformPaths(true, WindowsHome, _ => null);

        unix.KnownHostsFile.Should().Be("/home/ops/.ssh/known_hosts");
        windows.KnownHostsFile.Should().Be(@"C:\Users\ops\.ssh\known_hosts");
        unix.DefaultKeyFiles.Should().Equal("/home/ops/.ssh/id_ed25519", "/home/ops/.ssh/id_ecdsa", "/home/ops/.ssh/id_rsa");
        windows.DefaultKeyFiles[0].Should().Be(@"C:\Users\ops\.ssh\id_ed25519");
    }

    [Fact]
    public void Logs_go_to_the_xdg_cache_on_unix_and_to_local_app_data_on_windows()
    {
        new PlatformPaths(false, UnixHome, _ => null).LogDirectory.Should().Be("/home/ops/.cache/hactl");
        new PlatformPaths(false, UnixHome, Variables(("XDG_CACHE_HOME", "/var/cache/ops"))).LogDirectory.Should().Be("/var/cache/ops/hactl");
        new PlatformPaths(true, WindowsHome, Variables(("LOCALAPPDATA", @"C:\Users\ops\AppData\Local"))).LogDirectory
            .Should().Be(@"C:\Users\ops\AppData\Local\hactl");
        new PlatformPaths(true, WindowsHome, _ => null).LogDirectory.Should().Be(@"C:\Users\ops\AppData\Local\hactl");
    }

    [Fact]
    public void Persisted_masters_live_in_the_runtime_dir_when_it_exists_else_under_the_cache()
    {
        var runtime = Variables(("XDG_RUNTIME_DIR", "/run/user/1000"));

        new PlatformPaths(false, UnixHome, runtime, d => d == "/run/user/1000").MastersDirectory.Should().Be("/run/user/1000/hactl");
        new PlatformPaths(false, UnixHome, runtime, _ => false).MastersDirectory.Should().Be("/home/ops/.cache/hactl/ssh");
        new PlatformPaths(true, WindowsHome, runtime, _ => true).MastersDirectory.Should().Be(@"C:\Users\ops\AppData\Local\hactl\ssh");
    }

    [Fact]
    public void Key_paths_in_a_config_expand_tilde_backslash_only_the_windows_way()
    {
        var windows = new LocalPaths("/cfg", WindowsHome) { IsWindows = true };
        var unix = new LocalPaths("/cfg", UnixHome) { IsWindows = false };

        windows.Resolve(@"~\.ssh\id").Should().Be(@"C:\Users\ops\.ssh\id");
        unix.Resolve("~/.ssh/id").Should().Be("/home/ops/.ssh/id");
        unix.Resolve("keys/id").Should().Be("/cfg/keys/id");
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
