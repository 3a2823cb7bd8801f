namespace Twig.Bench;

internal sealed class Results
{
    public List<Measurement> Rows { get; } = [];
    public List<(string Name, double Seconds, string Detail)> Floors { get; } = [];

    public Measurement Add(string scenario, double seconds, double peakMb, string detail)
    {
        var row = new Measurement(scenario, seconds, peakMb, detail);
        Rows.Add(row);
        Console.WriteLine($"  {scenario}: {seconds:F2} s, peak working set {peakMb:F0} MB — {detail}");
        return row;
    }

    public void Floor(string name, double seconds, string detail)
    {
        Floors.Add((name, seconds, detail));
        Console.WriteLine($"  floor {name}: {seconds:F2} s — {detail}");
    }
}
