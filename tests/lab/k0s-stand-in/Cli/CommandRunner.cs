using System.Text;
using K0sStandIn.Config;
using K0sStandIn.Etcd;

namespace K0sStandIn.Cli;

/// <summary>Finds the command the arguments name, parses its flags and runs it; errors end as cobra's do.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyList<CommandSpec> commands)
    {
        try
        {
            var (command, rest) = Find(args, commands);
            if (command is null)
            {
                Console.Write(Help(args.TakeWhile(a => !a.StartsWith('-')).ToArray(), commands));
                return 0;
            }

            if (command.PassThrough)
            {
                return await command.Run(new ParsedArgs([], rest));
            }

            var parsed = ArgParser.Parse(rest, command.Flags);
            if (parsed.Bool("help"))
            {
                Console.Write(Usage(command));
                return 0;
            }

            return await command.Run(parsed);
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.Hint);
        }
        catch (Exception e) when (e is ConfigException or EtcdException or HttpRequestException)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return Fail(GoErrors.Describe(e));
        }
    }

    private static int Fail(string message, string? hint = null)
    {
        Console.Error.WriteLine("Error: " + message);
        if (hint is not null)
        {
            Console.Error.WriteLine(hint);
        }

        return 1;
    }

    /// <summary>The command whose words lead the arguments, and the arguments after them; null for a bare group.</summary>
    private static (CommandSpec? Command, IReadOnlyList<string> Remaining) Find(IReadOnlyList<string> args, IReadOnlyList<CommandSpec> commands)
    {
        var match = commands
            .Where(c => c.Path.Length <= args.Count && c.Path.SequenceEqual(args.Take(c.Path.Length)))
            .MaxBy(c => c.Path.Length);
        if (match is not null)
        {
            return (match, [.. args.Skip(match.Path.Length)]);
        }

        var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        if (words.Count == 0)
        {
            return (null, args);
        }

        // The longest prefix that is a group (e.g. "token"); the next word is unknown in it.
        for (var n = words.Count; n >= 0; n--)
        {
            var prefix = words.Take(n).ToList();
            var isGroup = n == 0 || commands.Any(c => c.Path.Length > n && c.Path.Take(n).SequenceEqual(prefix));
            if (!isGroup)
            {
                continue;
            }

            if (n == words.Count)
            {
                return (null, args);
            }

            var parent = string.Join(' ', prefix.Prepend("k0s"));
            throw new CliException($"unknown command \"{words[n]}\" for \"{parent}\"") { Hint = $"Run '{parent} --help' for usage." };
        }

        return (null, args);
    }

    private static string Usage(CommandSpec command)
    {
        var text = new StringBuilder().Append(command.Summary).Append("\n\nUsage:\n  k0s ").Append(command.Words).Append(" [flags]\n\nFlags:\n");
        foreach (var flag in command.Flags.Append(ArgParser.Help))
        {
            text.Append(flag.Shorthand is null ? "      " : $"  -{flag.Shorthand}, ").Append("--").Append(flag.Name).Append('\n');
        }

        return text.ToString();
    }

    private static string Help(string[] prefix, IReadOnlyList<CommandSpec> commands)
    {
        var text = new StringBuilder().Append("Usage:\n  k0s ").Append(string.Join(' ', prefix)).Append(prefix.Length > 0 ? " " : "").Append("[command]\n\nAvailable Commands:\n");
        foreach (var command in commands.Where(c => c.Path.Take(prefix.Length).SequenceEqual(prefix)))
        {
            text.Append("  ").Append(command.Words.PadRight(20)).Append(' ').Append(command.Summary).Append('\n');
        }

        return text.ToString();
    }
}
