#include "drh/aws/sts.h"

#include "drh/protocol/query.h"
#include "drh/protocol/xml.h"
#include "service_call.h"

namespace drh::aws {

Result<GetCallerIdentityResult> StsClient::GetCallerIdentity(std::string_view region) {
  auto response =
      send_query(connection_, "sts", region, "GetCallerIdentity", QueryParams{});
  if (!response) return response.error();
  pugi::xml_document doc;
  auto result = load_query_result(doc, response->body, "GetCallerIdentity");
  if (!result) return result.error();
  GetCallerIdentityResult out;
  auto account = xml::required_child_text(*result, "Account");
  if (!account) return account.error();
  out.Account = std::string(*account);
  out.Arn = std::string(xml::child_text(*result, "Arn"));
  out.UserId = std::string(xml::child_text(*result, "UserId"));
  return out;
}

}  // namespace drh::aws
