using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Returns_Status_RequestedAt",
                table: "Returns");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Channel_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "Channel", "RequestedAt", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Returns_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "Status", "RequestedAt", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_ProviderReference",
                table: "Refunds",
                column: "ProviderReference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Returns_Channel_RequestedAt_Number",
                table: "Returns");

            migrationBuilder.DropIndex(
                name: "IX_Returns_RequestedAt_Number",
                table: "Returns");

            migrationBuilder.DropIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_ProviderReference",
                table: "Refunds");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Status_RequestedAt",
                table: "Returns",
                columns: new[] { "Status", "RequestedAt" });
        }
    }
}
