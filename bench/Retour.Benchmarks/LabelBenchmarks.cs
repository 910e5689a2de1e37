using BenchmarkDotNet.Attributes;
using Retour.Domain.Returns;
using Retour.Web.Features.Labels;

namespace Retour.Benchmarks;

/// <summary>
/// The cost of one printable return label (issue #4, target ≥ 200 labels/s per core): the whole PDF from its
/// content (layout, QR code, Type 3 glyphs, compression), and the layout alone. Each call draws a label for another
/// return number and customer, so nothing is served from a cache of the previous label.
/// </summary>
[MemoryDiagnoser]
public class LabelBenchmarks
{
    private const int Labels = 64;

    private readonly ReturnLabelContent[] _english = new ReturnLabelContent[Labels];
    private readonly ReturnLabelContent[] _french = new ReturnLabelContent[Labels];
    private int _next;

    /// <summary>Builds the labels' content and finds the fonts once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] names = ["Camille Dupont-Lefèvre", "Giulia Bianchi", "Jonathan Alexander Worthington-Smythe", "Zoé Martin"];
        for (var i = 0; i < Labels; i++)
        {
            var number = ReturnNumber.Create();
            var name = names[i % names.Length];
            _english[i] = new ReturnLabelContent(
                "en", "Atelier Demo", "#1f5fa8", "#ffffff", "RETURN", number, "To",
                ["Atelier Demo — Returns", "12 rue des Entrepôts", "69007 Lyon", "France"], "From", [name, "France"],
                [$"Order #{1000 + i}", $"Colissimo · tracking 6A{i:D11}", "Ship by 7 December 2026"],
                ["Pack the items, in their original packaging if you can, with everything that came with them.", "Print this label and stick it flat on the parcel, covering any old labels.", "Drop the parcel off at a carrier drop-off point by 7 December 2026."]);
            _french[i] = _english[i] with
            {
                Locale = "fr",
                Heading = "RETOUR",
                ToCaption = "Destinataire",
                ToLines = ["Atelier Demo — Service des retours et échanges, bâtiment C, quai de chargement numéro 4", "12 rue des Entrepôts", "69007 Lyon", "France"],
                FromCaption = "Expéditeur",
                Facts = [$"Commande #{1000 + i}", $"Colissimo · suivi 6A{i:D11}", "À envoyer au plus tard le 7 décembre 2026"],
                Instructions = ["Emballez les articles, si possible dans leur emballage d'origine, avec tout ce qui les accompagnait.", "Imprimez cette étiquette et collez-la à plat sur le colis, en couvrant les anciennes étiquettes.", "Déposez le colis dans un point de dépôt du transporteur au plus tard le 7 décembre 2026."],
            };
        }

        ReturnLabel.Render(_english[0]);
    }

    /// <summary>A whole English label, as the API serves it.</summary>
    [Benchmark(Baseline = true)]
    public int RenderEnglish() => ReturnLabel.Render(_english[_next++ % Labels]).Length;

    /// <summary>A whole French label with a return address that must wrap.</summary>
    [Benchmark]
    public int RenderFrenchLongAddress() => ReturnLabel.Render(_french[_next++ % Labels]).Length;

    /// <summary>The layout alone: text fitting and the QR code's module runs.</summary>
    [Benchmark]
    public int LayoutOnly() => LabelLayout.Arrange(_english[_next++ % Labels], LabelFonts.Shared.Measure).Lines.Count;
}
