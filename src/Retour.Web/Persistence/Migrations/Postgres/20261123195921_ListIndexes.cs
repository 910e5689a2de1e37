using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
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

            migrationBuilder.DropIndex(
                name: "IX_ReturnLine_ReturnCaseId",
                table: "ReturnLine");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Channel_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "Channel", "RequestedAt", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Returns_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" })
                .Annotation("Npgsql:IndexInclude", new[] { "Status", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "Status", "RequestedAt", "Number" })
                .Annotation("Npgsql:IndexInclude", new[] { "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnLine_ReturnCaseId",
                table: "ReturnLine",
                column: "ReturnCaseId")
                .Annotation("Npgsql:IndexInclude", new[] { "Quantity", "ApprovedQuantity", "ReceivedQuantity" });

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
                name: "IX_ReturnLine_ReturnCaseId",
                table: "ReturnLine");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_ProviderReference",
                table: "Refunds");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Status_RequestedAt",
                table: "Returns",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnLine_ReturnCaseId",
                table: "ReturnLine",
                column: "ReturnCaseId");
        }
    }
}
