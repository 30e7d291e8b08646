using System.Globalization;
using Harness.Proxy.Decisions;
using Harness.Reliability.Source;

namespace Harness.Tests.Shared;

/// <summary>The headers the runner gives a session (see ScenarioRunner), so the fault proxy knows it by its index.</summary>
internal static class TestSessionLabels
{
    public static SessionLabels Of(int index) =>
        new(SessionHeaders.SessionIndex, index.ToString(CultureInfo.InvariantCulture), SessionHeaders.CallSequence);
}
