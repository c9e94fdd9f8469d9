using K0sStandIn.Cli;
using K0sStandIn.Commands;

return await CommandRunner.RunAsync(args, CommandTable.All);
