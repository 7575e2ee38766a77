"""Every word the web pages say, in English and Traditional Chinese, in one place.

Labels of the graph's own things (entities, classes, properties) come from the
graph; what is here is the pages' own text, the names of the few vocabulary terms
the ontology does not label, and the questions' summaries in Traditional Chinese
(the ``.rq`` headers hold the English ones).
"""

from __future__ import annotations

import re

LANGS = ("en", "zh-Hant")

UI = {
    "site": ("mingraph", "mingraph"),
    "tagline": (
        "A knowledge graph of critical-minerals policy: China's quotas, taxes, licences and "
        "export controls, and the partnerships that answer them. Every fact carries the words "
        "it comes from: the article's own words as a verbatim quote, or, for a public "
        "source, the summary in the record row (D03) that names the documents, shown as a "
        "summary of them by publisher, title and date, never as their words.",
        "關鍵礦物政策知識圖譜：中國的配額、出口稅、許可與出口管制，以及各國以夥伴關係所作的回應。"
        "每項事實皆附其出處文字：文章之原文引述；或就公開來源而言，列出該文件之紀錄列（如 D03）"
        "所作之摘要，並依出版者、標題與日期列出所摘要之文件，而非文件原文。",
    ),
    "home": ("Home", "首頁"),
    "start_here": ("Start here", "從這裡開始"),
    "start_intro": (
        "Ask a question in words; every entity in an answer opens its page, where each fact "
        "shows the quote and the document it comes from. Three to begin with:",
        "以文字提出問題；答案中的每個實體皆可開啟其頁面，頁面上每項事實都附有引述與來源文件。"
        "可從以下三個問題開始：",
    ),
    "start_controls": (
        "Which export controls were in force on 1 December 2025?",
        "2025年12月1日有哪些出口管制措施有效？",
    ),
    "start_gallium": (
        "Which policies of any country cover gallium?",
        "各國有哪些政策涵蓋鎵？",
    ),
    "start_taiwan": ("Everything about Taiwan", "臺灣的全貌"),
    "data_ends": (
        "The data ends with its newest source, dated {date}: for a later date the answers "
        "say that the graph cannot tell.",
        "資料止於最新來源（{date}）；問及更晚的日期時，答案會說明圖譜無從得知。",
    ),
    "how_to_cite": ("How to cite", "如何引用"),
    "cite_text": (
        "Cite the documents behind a fact, not the graph alone: the command below gives "
        "them as BibTeX, CSL JSON or RIS. Cite the dataset as: mingraph {version}, "
        "https://w3id.org/mingraph/.",
        "請引用事實背後的文件，而非僅引用圖譜：下列指令以 BibTeX、CSL JSON 或 RIS 格式列出。"
        "資料集的引用方式：mingraph {version}，https://w3id.org/mingraph/。",
    ),
    "licence": ("Licence", "授權"),
    "licence_text": (
        "Ontology, data and queries: CC BY 4.0. Code: MIT.",
        "本體、資料與查詢：CC BY 4.0。程式碼：MIT。",
    ),
    "questions": ("Questions", "問題"),
    "editor": ("SPARQL editor", "SPARQL 編輯器"),
    "ontology": ("Ontology", "本體"),
    "other_language": ("中文", "English"),
    "covers": ("Covers", "涵蓋"),
    "covers_span": ("dated facts from {first} to {last}", "有日期的事實自 {first} 至 {last}"),
    "newest_source": ("newest source dated {date}", "最新來源日期 {date}"),
    "counts": ("What the graph holds", "圖譜內容"),
    "triples": ("triples (with the OWL 2 RL closure)", "三元組（含 OWL 2 RL 推論）"),
    "entities": ("entities", "實體"),
    "search": ("Search", "搜尋"),
    "search_placeholder": ("a name or label, in English or Chinese", "名稱或標籤，中英文皆可"),
    "search_results": ("Search results for “{q}”", "「{q}」的搜尋結果"),
    "no_results": ("Nothing matches.", "沒有符合的項目。"),
    "hits_shown": (
        "{first}–{last} of {total} matches",
        "共 {total} 項符合，此為第 {first}–{last} 項",
    ),
    "previous": ("← previous", "← 上一頁"),
    "next": ("next →", "下一頁 →"),
    "colon": (": ", "："),
    "list_comma": (", ", "、"),
    "field_label": ("name", "名稱"),
    "field_altLabel": ("other name", "別名"),
    "field_slug": ("address", "位址"),
    "field_code": ("code", "代碼"),
    "field_title": ("title", "標題"),
    "field_description": ("description", "說明"),
    "field_quote": ("quote", "引述"),
    "ask": ("Ask", "查詢"),
    "answer": ("Answer", "答案"),
    "rows": ("{n} rows", "{n} 列"),
    "rows_shown": ("rows {first}–{last} of {total}", "共 {total} 列，此為第 {first}–{last} 列"),
    "download": ("Download", "下載"),
    "command": ("The same question at a terminal", "在終端機提出同一問題"),
    "choose": ("choose…", "請選擇…"),
    "required_missing": (
        "Choose a value for each parameter, then ask.",
        "請為每個參數選擇一個值再查詢。",
    ),
    "open_in_editor": ("Open this query in the SPARQL editor", "在 SPARQL 編輯器中開啟此查詢"),
    "labels": ("Labels", "標籤"),
    "types": ("Kinds", "類別"),
    "facts": (
        "Facts, each with its source: the article's words, or a record's summary",
        "事實，各附來源：文章原文，或紀錄之摘要",
    ),
    "summary_in": ("Summary in", "摘要，見"),
    "summary_not_quote": (
        "(the record's words, not a quotation of the documents), of:",
        "（紀錄自己的文字，非文件原文），摘要自：",
    ),
    "no_document": ("no public document found", "未找到公開文件"),
    "source": ("source", "來源"),
    "other_statements": (
        "Other statements (without a quote of their own, or entailed by reasoning)",
        "其他陳述（無自身引述，或由推理得出）",
    ),
    "links_here": ("What links here", "連結至此的項目"),
    "contested": ("Contested claims", "有爭議的主張"),
    "corrected": ("corrected by", "更正者"),
    "refined": ("refined by", "補充者"),
    "as_data": ("This entity as data", "此實體的資料"),
    "not_found": ("Not found", "找不到"),
    "not_found_text": ("Nothing in the graph has this address.", "圖譜中沒有此位址的項目。"),
    "bad_request": ("Bad request", "請求有誤"),
    "editor_intro": (
        "Write SPARQL against the graph (with its OWL 2 RL closure), declaring the prefixes "
        "it uses. The canned questions below load as examples, their defaults filled in.",
        "以 SPARQL 查詢圖譜（含 OWL 2 RL 推論），並宣告查詢所用的前綴。"
        "下方的預設問題可載入為範例，預設值已填入。",
    ),
    "examples": ("Examples", "範例"),
    "editor_error": ("The query cannot run.", "此查詢無法執行。"),
    "editor_error_at": (
        "The query cannot run: line {line}, column {column}.",
        "此查詢無法執行：第 {line} 行第 {column} 欄。",
    ),
    "editor_warning": ("Warning:", "警告："),
    "editor_needs": (
        "Set these parameters before running the query: {parameters}.",
        "執行查詢前，請先設定以下參數：{parameters}。",
    ),
    "chart": ("Chart", "圖表"),
}

#: The questions' summaries in Traditional Chinese, by question name.
QUESTION_SUMMARIES_ZH = {
    "china-policy-timeline": "中國的礦物政策年表：重建文章的附表",
    "contested-claims": "文章與其他來源說法不一之處",
    "controls-in-force": "某日有效的出口限制措施",
    "countermeasures": "針對中國每項管制，涉及相同礦物的倡議與計畫",
    "country-profile": "某一國家的全貌：所發布的政策、參與的組織、供應角色",
    "demand-outlook": "需求預測，及各來源所指的礦物",
    "effect-sources": "每項市場影響背後的來源文件：供圖表標註來源",
    "effects": "市場影響的時序：出口、價格、許可與停產，及其所隨之措施",
    "events": "政策背後的情勢事件，附來源所載日期",
    "initiative-members": "某一倡議的成員及其加入時間",
    "initiatives": "各項倡議：成立時間、主導者、成員數與上層組織",
    "measure-periods": "各措施依礦物之適用期間：供繪製年表",
    "membership-grid": "每項倡議的每筆成員紀錄及其起始時間",
    "instrument-trend": "中國措施依政策工具與時期計數",
    "memberships": "某一國家或組織所參與的倡議",
    "mineral-controls": "中國所限制的每種礦物：其最早與最新措施",
    "mineral-profile": "某一礦物的全貌：供應者、管制、倡議、計畫、需求",
    "policies-for-mineral": "任何國家涵蓋某礦物（或其下位礦物）的政策",
    "policy-lineage": "措施之間的取代、修訂與承續關係",
    "projects": "依價值鏈階段、國家與礦物列出的計畫與投資組合",
    "responses": "何者回應了某項措施，以及某項措施回應了什麼",
    "source-documents": "來源文件，依其所屬集合，及最新來源之日期",
    "sources": "某一實體的每項事實，附來源與原文引述",
    "supply-concentration": "礦物來自何處：文章所述與有來源的數據",
    "suspensions": "何者遭暫停、依何文件、起訖時間，以及到期時的結果",
    "taiwan-outlook": "臺灣的曝險與文章的建議",
    "timeline": "各類有日期項目的總表，供繪圖使用",
}

#: Parameter names in both languages (the ``mingraph ask`` options keep the English).
PARAMETERS = {
    "mineral": ("Mineral", "礦物"),
    "country": ("Country or organisation", "國家或組織"),
    "initiative": ("Initiative", "倡議"),
    "entity": ("Entity", "實體"),
    "date": ("Date (YYYY, YYYY-MM or YYYY-MM-DD)", "日期（YYYY、YYYY-MM 或 YYYY-MM-DD）"),
    "against": ("Applies against (country)", "適用對象（國家）"),
    "measure": ("Measure", "措施"),
    "policy": ("Measure", "措施"),
    "period": ("Years per period", "每期年數"),
}

#: Names of vocabulary terms the ontology uses but does not label.
TERMS = {
    "http://www.w3.org/2000/01/rdf-schema#label": ("label", "標籤"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("other label", "別名"),
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("same as", "對應"),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("kind", "類別"),
    "http://purl.org/dc/terms/description": ("description", "說明"),
    "http://purl.org/dc/terms/title": ("title", "標題"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("derived from", "衍生自"),
    "http://xmlns.com/foaf/0.1/page": ("web page", "網頁"),
}


def language(requested: str | None, accept_language: str = "") -> str:
    """The page language: ``?lang=`` if it names one, else the browser's preference."""
    if requested:
        wanted = requested.strip().lower()
        if wanted.startswith("zh"):
            return "zh-Hant"
        if wanted == "en":
            return "en"
    first = accept_language.split(",")[0].strip().lower()
    return "zh-Hant" if first.startswith("zh") else "en"


def text(key: str, lang: str, **values) -> str:
    """The UI string ``key`` in ``lang``, with ``{name}`` fields filled in."""
    english, chinese = UI[key]
    return (chinese if lang == "zh-Hant" else english).format(**values)


def editor_words(lang: str) -> dict[str, str]:
    """What the editor's script says, in the page's language ({line} and the like are
    filled in there)."""
    keys = {"error": "editor_error", "error_at": "editor_error_at", "warning": "editor_warning"}
    keys |= {"needs": "editor_needs", "list_comma": "list_comma"}
    return {name: UI[key][lang == "zh-Hant"] for name, key in keys.items()}


def question_summary(question, lang: str) -> str:
    if lang == "zh-Hant":
        return QUESTION_SUMMARIES_ZH.get(question.name, question.summary)
    return question.summary


def parameter_name(name: str, lang: str) -> str:
    english, chinese = PARAMETERS.get(name, (name, name))
    return chinese if lang == "zh-Hant" else english


def term_name(iri: str, lang: str) -> str | None:
    names = TERMS.get(iri)
    return None if names is None else names[lang == "zh-Hant"]


#: Answer columns named in Traditional Chinese (the English name is the variable's
#: words: ``joinedNoLaterThan`` reads "joined no later than"). A ``…Label`` column is
#: named as what it labels.
COLUMNS_ZH = {
    "actor": "行為者",
    "against": "適用對象",
    "agreement": "協議",
    "amendedBy": "修訂者",
    "amendment": "修訂",
    "answer": "回應",
    "approximation": "近似值",
    "aspect": "面向",
    "atTheEnd": "期滿結果",
    "baseYear": "基準年",
    "by": "提出者",
    "change": "變化",
    "changePercent": "變化（%）",
    "claim": "主張",
    "collection": "集合",
    "comparedWith": "比較對象",
    "control": "管制",
    "correction": "更正",
    "correctionSays": "更正內容",
    "correctionSource": "更正來源",
    "count": "數量",
    "countedOn": "計數日期",
    "country": "國家",
    "date": "日期",
    "dateKind": "日期類型",
    "day": "日",
    "days": "日數",
    "description": "說明",
    "destination": "目的地",
    "detail": "細節",
    "direct": "直接",
    "direction": "方向",
    "document": "文件",
    "earlier": "較早者",
    "effect": "影響",
    "end": "結束",
    "endKind": "結束類型",
    "ended": "結束日期",
    "endedDay": "結束日",
    "event": "事件",
    "family": "政策工具類別",
    "familyConcept": "政策工具類別概念",
    "first": "最早措施",
    "firstDate": "最早日期",
    "followed": "所隨措施",
    "founded": "成立",
    "founding": "創始成員",
    "from": "起",
    "growth": "成長",
    "identifier": "識別碼",
    "indicator": "指標",
    "initiative": "倡議",
    "instrument": "政策工具",
    "instrumentConcept": "政策工具概念",
    "instrumentKey": "政策工具代號",
    "involves": "涉及",
    "issuer": "發布者",
    "item": "項目",
    "joined": "加入",
    "joinedNoLaterThan": "最遲加入",
    "key": "代號",
    "kind": "類別",
    "label": "名稱",
    "latest": "最新措施",
    "latestDate": "最新日期",
    "latestInstrument": "最新政策工具",
    "lead": "主導者",
    "leads": "主導者",
    "linkedBy": "連結關係",
    "measure": "措施",
    "measures": "措施",
    "member": "成員",
    "members": "成員數",
    "mineral": "礦物",
    "minerals": "礦物",
    "newest": "最新",
    "nextDay": "次日",
    "noSourceAfter": "此後無來源",
    "other": "另一方",
    "otherKind": "另一方類別",
    "parent": "上層組織",
    "period": "時期",
    "place": "地點",
    "policy": "政策",
    "project": "計畫",
    "projectedBy": "預測者",
    "projection": "預測",
    "property": "屬性",
    "quantity": "數量",
    "quantityUpTo": "數量上限",
    "quote": "引述",
    "reason": "理由",
    "refinedBy": "補充者",
    "relation": "關係",
    "relaunchOf": "前身",
    "replacedFrom": "取代自",
    "revisedBy": "修正者",
    "role": "角色",
    "says": "內容",
    "share": "占比",
    "shareExceeds": "占比超過",
    "source": "來源",
    "sources": "來源",
    "stage": "階段",
    "start": "開始",
    "statement": "陳述",
    "status": "狀態",
    "summary": "摘要",
    "supplier": "供應者",
    "supporter": "支持者",
    "suspended": "遭暫停者",
    "suspends": "所暫停措施",
    "suspension": "暫停",
    "suspensions": "暫停",
    "target": "目標",
    "targetYear": "目標年",
    "unit": "單位",
    "until": "迄",
    "untilKind": "迄日類型",
    "value": "數值",
    "wider": "上位類別",
    "within": "所屬",
    "year": "年",
}


def column_name(variable: str, lang: str) -> str:
    """An answer column's name for people: words, in the page's language."""
    name = variable.removesuffix("Label") or variable
    if lang == "zh-Hant" and name in COLUMNS_ZH:
        return COLUMNS_ZH[name]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


#: The questions' descriptions in Traditional Chinese, by question name: what the
#: answer holds, in words (the ``.rq`` headers hold the English, which also names the
#: options and ontology terms).
QUESTION_DESCRIPTIONS_ZH = {
    "china-policy-timeline": (
        "每項有日期的中國措施一列，依日期排序：年份、措施、政策工具、涵蓋的礦物（最具體者）"
        "與摘要。日期取文章所載者，否則取宣布日期，再否則取生效日期。"
    ),
    "contested-claims": (
        "某一來源的主張，遭另一來源更正、補充、反駁（現有來源無法判定）或無法證實者："
        "各自的說法與出處，以及修正的類型。兩項主張都保留在圖譜中。指定礦物時，"
        "只列出關於該礦物（或其下位礦物）的主張。"
    ),
    "controls-in-force": (
        "在指定日期有效的配額、出口稅、許可、出口管制、禁令與技術出口禁令，每項一列："
        "已開始（生效、年度目錄所管轄年度的首日、預定生效日、宣布日或文章所載日期），"
        "且尚未結束、被取代、被承續或超過其管轄年度，並且在該日未被暫停。修訂不單獨成列，"
        "而在其所修訂的措施開始後列於其旁；措施組合以其組成部分呈現。在該日有效的暫停"
        "單獨成列，並列出所暫停的措施與截止日期。可依礦物（含其下位礦物）或適用對象篩選："
        "適用對象為某國時，列出針對該國及不針對任何國家的措施。年份或月份代表其首日。"
        "若日期晚於資料集最新來源，狀態欄會說明圖譜無從得知，並列出該來源日期。"
    ),
    "countermeasures": (
        "只在資料說明理由時，才將中國的出口限制措施與某項倡議或計畫配對，並說明理由："
        "回應涉及該措施的礦物之一，且在措施有效期間開始（成立或計畫計數），或有引述的主張"
        "同時提及兩者，來源將其一視為對另一者的回應（列出該主張）。屬於較大倡議的倡議，"
        "共用較大倡議的礦物。修訂視為其所修訂措施的一部分；措施組合以其組成部分呈現。"
    ),
    "country-profile": (
        "某一國家的每項相關項目一列：其發布的政策；其所屬或主導的倡議（角色併為一列）；"
        "以非成員身分參與的倡議；其為締約方的協議；針對它的措施；在該國衡量的市場影響；"
        "將其列為供應者的供應陳述或數據；以及關於它的主張或建議。面向欄為項目的類別，"
        "以所選語言命名。"
    ),
    "demand-outlook": (
        "每項需求預測：預測者、所指的礦物（依各來源的名稱）、成長百分比、目標年與基準年、"
        "來源，以及更正或補充它的主張。"
    ),
    "effect-sources": (
        "每項市場影響一列：其名稱，以及其數據所引述的來源文件。市場影響圖表據此標註來源。"
    ),
    "effects": (
        "來源就某礦物（全部礦物，或指定的一種，含其下位礦物）所報告的每項數據一列："
        "衡量期間、地點（及目的地）、衡量內容、數值與單位（區間以下限與上限表示）、"
        "相較前一期間的變化、來源的精確程度，以及來源所稱其所隨之措施。依期間排序；"
        "無期間的數據列於最後。"
    ),
    "events": (
        "戰爭、疫情、貿易戰、世界貿易組織爭端與豐田報告：日期（最確切者，否則取文章所載者）、"
        "涉及的行為者，以及所發生之事。無日期的事件列於最後。"
    ),
    "initiative-members": (
        "每位成員一列，附其成員紀錄所載的加入日期或最遲加入日期，以及是否為創始成員；"
        "其後為每位主導者及每位非成員參與者（觀察員、來賓、貢獻者）各一列，並附其角色。"
    ),
    "initiatives": (
        "每項倡議：成立日期（最確切者，否則取文章所載者）、主導的行為者、成員紀錄所列的"
        "成員數、其所屬的倡議，以及其所重新啟動的前身倡議。"
    ),
    "instrument-trend": (
        "各時期（1998–2005、2006–2010、2011–2015、2016–2020、2021–2024，以及文章之後的"
        "2025–2026）中，各類政策工具的中國措施數量，依文章所載日期，否則依宣布日期，"
        "再否則依生效日期。措施組合依其組成部分計數。指定每期年數時，自 1998 年起依該年數分期。"
    ),
    "measure-periods": (
        "每項措施及其涵蓋的每種礦物（最具體者）一列：發布者、政策工具、開始日（生效日，"
        "否則宣布日，再否則文章所載日期；年份或月份代表其首日）、來源所報告的結束日、"
        "取代或承續它的措施的開始日、暫停使其失效的期間，以及其背後的來源文件。"
        "暫停不單獨成列。所屬欄列出該礦物及其所屬的每個上位類別。措施組合以其組成部分"
        "呈現；無日期的措施不列入。"
    ),
    "membership-grid": (
        "每項倡議的每位成員一列，依其成員紀錄：加入日期或最遲加入日期、是否為創始成員、"
        "倡議的成立日期，以及紀錄背後的來源文件。依倡議成立時間排序，再依加入時間排序。"
    ),
    "memberships": "該行為者為其成員的每項倡議一列，附加入日期及是否為創始成員。",
    "mineral-controls": (
        "受中國出口限制措施管制的礦物，附依日期最早與最新的措施，以及最新措施的政策工具。"
        "措施組合依其組成部分計數；針對某礦物下位礦物的措施也計入該礦物。"
    ),
    "mineral-profile": (
        "與該礦物或其下位礦物相關的每個項目一列：供應陳述與數據、政策、倡議、計畫、"
        "需求預測、協議與市場影響，各附細節與日期（市場影響：其衡量內容與期間）。"
        "面向欄為項目的類別，以所選語言命名。"
    ),
    "policies-for-mineral": (
        "涵蓋該礦物或其下位礦物的每項政策：查詢稀土時，也會找到針對輕稀土與中重稀土的措施"
        "（由推理得出）。依日期排序。"
    ),
    "policy-lineage": (
        "後一措施承續前一措施的每一對措施（取代、修訂、承續與補充均視為承續，且可傳遞），"
        "有直接關係者列出該關係；間接的配對來自關係鏈。指定某一政策時，只列出其所在的配對："
        "它所承續者及承續它者。"
    ),
    "projects": (
        "每項計畫與計畫組合：支持者、價值鏈階段、地點、涉及的礦物，以及計畫組合的數量與計數日期。"
    ),
    "responses": (
        "來源所載的措施（或協議、事件、倡議）與另一者之間的每項關聯一列：它回應了什麼、"
        "被什麼回應，以及它所執行或執行它的協議。可指定某一措施（從其角度列出關聯），"
        "或指定礦物（任一方涉及該礦物或其下位礦物）。每列列出另一方的類別、背後的行為者"
        "（發布者、締約方或主導者）與日期。"
    ),
    "source-documents": (
        "每份來源文件一列：名稱、識別碼、日期，以及其所屬的集合（文章自成一集合；公開來源"
        "查核的每一列屬於該查核）。最新欄為資料集所載最新來源的日期；圖表據此標註來源"
        "及資料截止日期。"
    ),
    "sources": (
        "關於該實體的每項事實，以及證明該事實的每筆引用，各一列。沒有引用證明的事實不列入，"
        "但名稱、類別、識別碼及成員紀錄連結除外，因其無需引述；來源文件自身的說明歸於該文件本身。"
    ),
    "supply-concentration": (
        "每項供應陳述或數據：礦物、供應者、占全球產量的百分比（或來源所述的下限）、"
        "數據所衡量的年份及其來源。文章的陳述與補充它的數據並列。"
    ),
    "suspensions": (
        "每項暫停一列：所暫停的措施（或條款）及其礦物、所依據的文件、起訖時間（來源報告的"
        "結束日，否則為文件所定的結束日，或其日數）、其所執行的協議、來源所述到期時的結果；"
        "若結束日晚於資料集最新來源，列出該日期：圖譜無從得知此後發生之事。"
    ),
    "taiwan-outlook": (
        "文章對臺灣處境的說法（無礦物來源、下游需求、精煉進口、間接曝險），以主張呈現，"
        "以及文章的建議，各附文章原文；類別以所選語言命名。"
    ),
    "timeline": (
        "圖譜中的每個日期一列：措施（陳述、宣布、生效、結束、年度目錄所管轄的年度，以及"
        "文件預定的生效或結束日期）、倡議（成立）、事件與協議、成員資格（加入）、計畫組合"
        "的計數日期，以及市場影響的期間，各附日期類型及其所代表的日子（期間的首日）。"
    ),
}


def question_description(question, lang: str) -> str:
    if lang == "zh-Hant":
        return QUESTION_DESCRIPTIONS_ZH.get(question.name, question.description)
    return question.description
