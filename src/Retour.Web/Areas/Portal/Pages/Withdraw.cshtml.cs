using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Portal;

namespace Retour.Web.Areas.Portal.Pages;

/// <summary>
/// The EU withdrawal function (CRD art. 11a): name, order number and email, then a separate confirmation, then an
/// acknowledgement with the content, date and time. No account, and the same answer whether or not the order matched.
/// </summary>
public sealed class WithdrawModel(WithdrawFromContract withdraw) : PageModel
{
    /// <summary>The consumer's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The order number.</summary>
    [BindProperty]
    public string? OrderNumber { get; set; }

    /// <summary>Where the acknowledgement goes.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Errors per field.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>On the confirmation step.</summary>
    public bool Confirming { get; private set; }

    /// <summary>The acknowledgement, once confirmed.</summary>
    public WithdrawalAcknowledgement? Done { get; private set; }

    /// <summary>The form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the details and asks for the separate confirmation.</summary>
    public IActionResult OnPostReview()
    {
        Confirming = Check();
        if (!Confirming)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Back to the form with the details kept.</summary>
    public IActionResult OnPostEdit() => Page();

    /// <summary>Records the withdrawal and shows the acknowledgement.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (!Check())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Done = await withdraw.HandleAsync(Name!, Email!, OrderNumber!, PortalText.Language, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return Page();
    }

    private bool Check()
    {
        var result = Domain.Returns.WithdrawalNotice.Check(Name, Email, OrderNumber);
        foreach (var error in result.Errors)
        {
            Errors[error.Target!] = error.Target switch
            {
                "email" when !string.IsNullOrWhiteSpace(Email) => PortalText.Get("Withdraw_EmailInvalid"),
                _ => PortalText.Get("Field_Required"),
            };
        }

        return result.IsSuccess;
    }
}
