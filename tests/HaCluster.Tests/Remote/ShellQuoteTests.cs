using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

public class ShellQuoteTests
{
    public static TheoryData<string> TrickyWords => new()
    {
        "plain", "", " ", "two words", "it's", "'", "''", "\"double\"", "$HOME", "$(reboot)", "`id`", "a;b", "a|b",
        "a&&b", "*", "?", "[x]", "~", "~root", "back\\slash", "new\nline", "tab\there", "#comment", "!bang", "{a,b}",
        "--flag=value with space", "ünïcödé", "%h:%p", "-n",
    };

    [Theory]
    [MemberData(nameof(TrickyWords))]
    public void A_quoted_word_reaches_a_real_shell_unchanged(string word)
    {
        var echoed = RunInShell($"printf '%s' {ShellQuote.Quote(word)}");

        echoed.Should().Be(word);
    }

    [Fact]
    public void Joined_words_stay_separate_words_in_a_real_shell()
    {
        string[] words = ["a b", "", "c'd", "$x"];

        var echoed = RunInShell($"printf '<%s>' {ShellQuote.Join(words)}");

        echoed.Should().Be("<a b><><c'd><$x>");
    }

    [Fact]
    public void Safe_words_are_left_bare_for_readable_logs()
    {
        ShellQuote.Quote("/usr/local/bin/k0s").Should().Be("/usr/local/bin/k0s");
        ShellQuote.Quote("--config=/etc/k0s/k0s.yaml").Should().Be("--config=/etc/k0s/k0s.yaml");
    }

    [Theory]
    [InlineData("--debug --labels=a=b", new[] { "--debug", "--labels=a=b" })]
    [InlineData("--kubelet-extra-args='--node-ip=10.0.0.1 --v=2'", new[] { "--kubelet-extra-args=--node-ip=10.0.0.1 --v=2" })]
    [InlineData("\"a \\\"b\\\"\" c\\ d", new[] { "a \"b\"", "c d" })]
    [InlineData("  ", new string[0])]
    public void Split_reads_flags_as_a_shell_would(string text, string[] expected)
    {
        ShellQuote.Split(text).Should().Equal(expected);
    }

    [Theory]
    [InlineData("--labels='a=b")]
    [InlineData("--x=\"y")]
    public void Split_returns_null_for_unbalanced_quotes(string text)
    {
        ShellQuote.Split(text).Should().BeNull();
    }

    [Fact]
    public void A_script_carries_its_values_as_positional_parameters_not_as_script_text()
    {
        var command = RemoteCommand.Script("write file", "cat > \"$1\"", "/tmp/x; rm -rf /");

        command.Argv.Should().Equal("sh", "-c", "cat > \"$1\"", "hactl", "/tmp/x; rm -rf /");
        RunInShell(command.ToShellText(viaSudo: false).Replace("cat > \"$1\"", "printf %s \"$1\"", StringComparison.Ordinal))
            .Should().Be("/tmp/x; rm -rf /");
    }

    [Fact]
    public void Root_commands_go_through_non_interactive_sudo_for_other_users()
    {
        var command = RemoteCommand.Exec("systemctl", "restart", "haproxy");

        command.ToShellText(viaSudo: true).Should().Be("sudo -n -- systemctl restart haproxy");
        (command with { AsRoot = false }).ToShellText(viaSudo: true).Should().Be("systemctl restart haproxy");
    }

    private static string RunInShell(string shellText)
    {
        var result = TestSupport.ProcessRunner.Run("/bin/sh", ["-c", shellText], TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0);
        return result.StdOut;
    }
}
