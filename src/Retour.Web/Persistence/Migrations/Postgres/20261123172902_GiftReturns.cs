using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GiftReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "GiftRecipientEmail",
                table: "Returns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GiftRecipientName",
                table: "Returns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GiftReceiptCode",
                table: "Orders",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GiftRecipientEmail",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "GiftRecipientName",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "GiftReceiptCode",
                table: "Orders");
        }
    }
}
