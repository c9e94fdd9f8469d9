using System.CommandLine;

namespace HaCluster.Cli.Commands;

/// <summary>
/// <c>hactl completion bash|zsh</c>: a script that asks hactl itself for completions through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match this version.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # hactl completion for bash. Load it with: source <(hactl completion bash)
        _hactl_complete() {
            local IFS=$'\n'
            local candidates
            candidates=$(hactl "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _hactl_complete hactl
        """;

    private const string Zsh = """
        #compdef hactl
        # hactl completion for zsh. Load it with: source <(hactl completion zsh)  (after compinit)
        _hactl() {
            local -a candidates
            candidates=(${(f)"$(hactl "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)"})
            compadd -a candidates
        }
        compdef _hactl hactl
        """;

    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "The shell to complete in: bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script (bash or zsh)") { shell };
        command.SetAction(parseResult =>
        {
            console.Out.WriteLine(parseResult.GetRequiredValue(shell) == "bash" ? Bash : Zsh);
            return ExitCodes.Ok;
        });
        return command;
    }
}
