using BenchmarkDotNet.Attributes;
using Harness.Protocol.Classification;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;

namespace Harness.Benchmarks;

/// <summary>
/// What the proxy pays per message: classification (its hot path) against a full parse of the same bytes, plus
/// the cost of writing the parsed message back out.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class MessageReadingBenchmarks
{
    private ReadOnlyMemory<byte> _utf8;
    private SoapMessage _parsed = null!;

    [ParamsAllValues]
    public SampleMessage Message { get; set; }

    [GlobalSetup]
    public void LoadMessage()
    {
        _utf8 = SampleMessages.Load(Message);
        _parsed = SoapMessageReader.Read(_utf8);

        // Classify never throws, so check it really recognised the message: an Unknown result would time the
        // error path instead.
        var classification = MessageClassifier.Classify(_utf8);
        if (classification.Kind != MessageKind.Application || !classification.IsSequenced)
        {
            throw new InvalidOperationException(
                $"{Message} classified as {classification.Kind} #{classification.MessageNumber}: {classification.Error}");
        }
    }

    [Benchmark]
    public MessageClassification Classify() => MessageClassifier.Classify(_utf8);

    [Benchmark(Baseline = true)]
    public SoapMessage FullParse() => SoapMessageReader.Read(_utf8);

    [Benchmark]
    public byte[] Write() => SoapMessageWriter.ToBytes(_parsed);
}
