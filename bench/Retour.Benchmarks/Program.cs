using BenchmarkDotNet.Running;

namespace Retour.Benchmarks;

/// <summary>Runs the domain benchmarks chosen on the command line (e.g. --filter '*' --job short).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
