using Harness.Cli.Commands;

namespace Harness.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => HarnessCommandLine.InvokeAsync(args, Console.Out, Console.Error);
}
