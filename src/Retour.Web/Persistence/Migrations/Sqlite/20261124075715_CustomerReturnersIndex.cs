using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerReturnersIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsCustomerCells_Returned",
                table: "AnalyticsCustomerCells",
                columns: new[] { "Grain", "Period", "Customer", "ReturnedUnits", "Returns" },
                filter: "\"ReturnedUnits\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnalyticsCustomerCells_Returned",
                table: "AnalyticsCustomerCells");
        }
    }
}
