using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SkuCubeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsRateCells_Skus",
                table: "AnalyticsRateCells",
                columns: new[] { "Grain", "Period" },
                filter: "\"Cube\" = 1")
                .Annotation("Npgsql:IndexInclude", new[] { "Sku", "Product", "Category", "Reason", "Currency", "SoldUnits", "SoldValue", "ReturnedUnits", "ReturnedValue" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnalyticsRateCells_Skus",
                table: "AnalyticsRateCells");
        }
    }
}
