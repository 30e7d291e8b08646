using Harness.Runner.Reports;

namespace Harness.Reports.Tests.Support;

internal static class BigRun
{
    public static RunReport Build(string runId, int sessions, int messages) => throw new NotImplementedException($"{runId}{sessions}{messages}");
}
