#include "optim/connection_graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <stdexcept>

namespace landscape::optim {
namespace {

std::pair<std::size_t, std::size_t> key(std::size_t a, std::size_t b) {
  return {std::min(a, b), std::max(a, b)};
}

using WeightedGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;
using TsGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_index_t, std::size_t>>;

}  // namespace

std::size_t ConnectionGraph::add_minimum() { return n_minima_++; }

void ConnectionGraph::add_transition_state(std::size_t ts, std::size_t a, std::size_t b) {
  if (a >= n_minima_ || b >= n_minima_) throw std::out_of_range("ConnectionGraph: unknown minimum");
  edges_.push_back({ts, a, b});
}

bool ConnectionGraph::joined(std::size_t a, std::size_t b) const {
  return std::any_of(edges_.begin(), edges_.end(),
                     [&](const Edge& e) { return e.a != e.b && key(e.a, e.b) == key(a, b); });
}

bool ConnectionGraph::connected(std::size_t a, std::size_t b) const {
  return a == b || !known_path(a, b).empty();
}

void ConnectionGraph::record_attempt(std::size_t a, std::size_t b) { ++attempts_[key(a, b)]; }

int ConnectionGraph::attempts(std::size_t a, std::size_t b) const {
  const auto it = attempts_.find(key(a, b));
  return it == attempts_.end() ? 0 : it->second;
}

std::optional<ConnectionGraph::MissingConnectionPath> ConnectionGraph::missing_connection_path(
    std::size_t start, std::size_t finish, int max_attempts,
    const std::function<double(std::size_t, std::size_t)>& cost) const {
  const std::size_t n = n_minima_;
  if (start >= n || finish >= n) throw std::out_of_range("ConnectionGraph: unknown minimum");
  WeightedGraph g(n);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      if (joined(a, b)) {
        boost::add_edge(a, b, 0.0, g);
      } else if (attempts(a, b) < max_attempts) {
        boost::add_edge(a, b, cost(a, b), g);
      }
    }
  std::vector<double> dist(n);
  std::vector<std::size_t> pred(n);
  boost::dijkstra_shortest_paths(
      g, start,
      boost::predecessor_map(
          boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, g)))
          .distance_map(
              boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g))));
  if (dist[finish] == std::numeric_limits<double>::max() ||
      !(dist[finish] < std::numeric_limits<double>::infinity()))
    return std::nullopt;
  MissingConnectionPath path;
  path.weight = dist[finish];
  for (std::size_t v = finish;; v = pred[v]) {
    path.minima.push_back(v);
    if (v == start) break;
    if (pred[v] == v) return std::nullopt;  // unreachable
  }
  std::reverse(path.minima.begin(), path.minima.end());
  for (std::size_t k = 0; k + 1 < path.minima.size(); ++k)
    if (!joined(path.minima[k], path.minima[k + 1]))
      path.missing.emplace_back(path.minima[k], path.minima[k + 1]);
  return path;
}

std::vector<ConnectionGraph::Step> ConnectionGraph::known_path(std::size_t start,
                                                               std::size_t finish) const {
  if (start >= n_minima_ || finish >= n_minima_)
    throw std::out_of_range("ConnectionGraph: unknown minimum");
  if (start == finish) return {};
  TsGraph g(n_minima_);
  for (std::size_t k = 0; k < edges_.size(); ++k)
    if (edges_[k].a != edges_[k].b) boost::add_edge(edges_[k].a, edges_[k].b, k, g);
  // Breadth-first search from start, recording the tree edge that reached each minimum.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> via(n_minima_, kNone), parent(n_minima_, kNone);
  struct Recorder : boost::default_bfs_visitor {
    std::vector<std::size_t>* via;
    std::vector<std::size_t>* parent;
    void tree_edge(TsGraph::edge_descriptor e, const TsGraph& graph) const {
      const std::size_t u = boost::source(e, graph), v = boost::target(e, graph);
      (*via)[v] = boost::get(boost::edge_index, graph, e);
      (*parent)[v] = u;
    }
  } recorder;
  recorder.via = &via;
  recorder.parent = &parent;
  boost::breadth_first_search(g, start, boost::visitor(recorder));
  if (via[finish] == kNone) return {};
  std::vector<Step> steps;
  for (std::size_t v = finish; v != start; v = parent[v])
    steps.push_back({edges_[via[v]].ts, parent[v], v});
  std::reverse(steps.begin(), steps.end());
  return steps;
}

}  // namespace landscape::optim
