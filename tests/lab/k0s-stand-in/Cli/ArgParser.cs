using System.Globalization;

namespace K0sStandIn.Cli;

/// <summary>Parses arguments the way cobra/pflag do, with pflag's error messages.</summary>
internal static class ArgParser
{
    public static readonly FlagSpec Help = new("help", FlagKind.Bool, "h");

    public static ParsedArgs Parse(IReadOnlyList<string> args, IReadOnlyList<FlagSpec> specs)
    {
        var all = specs.Append(Help).ToList();
        var flags = new Dictionary<string, FlagValue>();
        var positionals = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = ParseLong(args, i, all, flags);
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                i = ParseShort(args, i, all, flags);
            }
            else
            {
                positionals.Add(arg);
            }
        }

        return new ParsedArgs(flags, positionals);
    }

    private static int ParseLong(IReadOnlyList<string> args, int i, List<FlagSpec> specs, Dictionary<string, FlagValue> flags)
    {
        var body = args[i][2..];
        var eq = body.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? body : body[..eq];
        var spec = specs.FirstOrDefault(s => s.Name == name)
            ?? throw new CliException($"unknown flag: --{name}");
        if (eq >= 0)
        {
            Set(flags, spec, body[(eq + 1)..]);
            return i;
        }

        if (spec.Kind == FlagKind.Bool)
        {
            Set(flags, spec, "true");
            return i;
        }

        if (i + 1 >= args.Count)
        {
            throw new CliException($"flag needs an argument: --{name}");
        }

        Set(flags, spec, args[i + 1]);
        return i + 1;
    }

    private static int ParseShort(IReadOnlyList<string> args, int i, List<FlagSpec> specs, Dictionary<string, FlagValue> flags)
    {
        var shorthands = args[i][1..];
        for (var c = 0; c < shorthands.Length; c++)
        {
            var letter = shorthands[c].ToString();
            var spec = specs.FirstOrDefault(s => s.Shorthand == letter)
                ?? throw new CliException($"unknown shorthand flag: '{letter}' in -{shorthands}");
            var rest = shorthands[(c + 1)..];
            if (rest.StartsWith('='))
            {
                Set(flags, spec, rest[1..]);
                return i;
            }

            if (spec.Kind == FlagKind.Bool)
            {
                Set(flags, spec, "true");
                continue;
            }

            if (rest.Length > 0)
            {
                Set(flags, spec, rest);
                return i;
            }

            if (i + 1 >= args.Count)
            {
                throw new CliException($"flag needs an argument: '{letter}' in -{shorthands}");
            }

            Set(flags, spec, args[i + 1]);
            return i + 1;
        }

        return i;
    }

    private static void Set(Dictionary<string, FlagValue> flags, FlagSpec spec, string value)
    {
        var values = Normalise(spec, value);
        if (!flags.TryGetValue(spec.Name, out var existing) || spec.Kind is not (FlagKind.StringSlice or FlagKind.StringArray or FlagKind.StringToString))
        {
            flags[spec.Name] = new FlagValue(spec, values);
            return;
        }

        existing.Values.AddRange(values);
    }

    private static List<string> Normalise(FlagSpec spec, string value)
    {
        var display = spec.Shorthand is null ? $"--{spec.Name}" : $"-{spec.Shorthand}, --{spec.Name}";
        CliException Invalid(string why) => new($"invalid argument \"{value}\" for \"{display}\" flag: {why}");
        switch (spec.Kind)
        {
            case FlagKind.Bool:
                return [ParseGoBool(value) ?? throw Invalid($"strconv.ParseBool: parsing \"{value}\": invalid syntax")];
            case FlagKind.Int:
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? [value]
                    : throw Invalid($"strconv.ParseInt: parsing \"{value}\": invalid syntax");
            case FlagKind.Duration:
                return GoDuration.TryParse(value, out _) ? [value] : throw Invalid($"time: invalid duration \"{value}\"");
            case FlagKind.StringSlice:
                return value.Length == 0 ? [] : [.. value.Split(',')];
            case FlagKind.StringToString:
                var pairs = value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries);
                return pairs.All(p => p.Contains('=', StringComparison.Ordinal))
                    ? [.. pairs]
                    : throw Invalid($"{value} must be formatted as key=value");
            default:
                return [value];
        }
    }

    private static string? ParseGoBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => null,
    };
}
